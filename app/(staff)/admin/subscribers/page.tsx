import type { Metadata } from 'next';
import Link from '@/components/Link';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { forbiddenPage } from '@/components/Forbidden';
import { StaffForm } from '@/components/moderation/StaffForm';
import { StoredEmail } from '@/components/moderation/StoredEmail';
import { DoneMessage, StaffNav } from '@/components/moderation/StaffNav';
import { GrowthChart } from '@/components/subscribers/GrowthChart';
import { ImportForm } from '@/components/subscribers/ImportForm';
import { UnreadableSearch } from '@/components/forms/UnreadableSearch';
import { subscriberStatuses, type SubscriberStatus } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import { staffViewer } from '@/lib/moderation/staff-page';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';
import { importSubscribers, saveBlockedDomains, unsubscribeByStaff } from '@/lib/subscriptions/admin-actions';
import { IMPORT_FILE_LIMIT_BYTES } from '@/lib/subscriptions/import-state';
import {
  readBlockedDomains,
  readRecentSendRates,
  readSubscriberCounts,
  readSubscriberGrowth,
  readSubscribers,
  type SendRates,
  type SubscriberRow,
} from '@/lib/subscriptions/admin-queries';
import { bounceStanding, complaintStanding, COMPLAINT_RATE_AIM, COMPLAINT_RATE_LIMIT, formatRate } from '@/lib/subscriptions/rates';
import { unreadableAmong } from '@/lib/text/unreadable';

export const metadata: Metadata = { title: 'Subscribers', robots: { index: false } };

const STATUS_NAMES: Record<SubscriberStatus, string> = {
  active: 'Active',
  pending: 'Waiting to confirm',
  unsubscribed: 'Unsubscribed',
  bounced: 'Stopped: bounces',
  complained: 'Stopped: marked as spam',
};

const STANDING_WORDS = { good: 'fine', watch: 'watch this', bad: 'over Gmail’s limit' } as const;

function RatesTable({ sends }: { sends: SendRates[] }) {
  if (sends.length === 0) return <p>No issue has been sent yet.</p>;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="rates-caption">
      <table>
        <caption id="rates-caption">Bounces and complaints of the latest sends</caption>
        <thead>
          <tr>
            <th scope="col">Issue</th>
            <th scope="col">Delivered</th>
            <th scope="col">Hard bounces</th>
            <th scope="col">Soft bounces</th>
            <th scope="col">Complaints</th>
            <th scope="col">Bounce rate</th>
            <th scope="col">Complaint rate</th>
          </tr>
        </thead>
        <tbody>
          {sends.map(({ sendId, issueDate, rates }) => (
            <tr key={sendId}>
              <th scope="row">{issueDate}</th>
              <td>{rates.delivered}</td>
              <td>{rates.hardBounces}</td>
              <td>{rates.softBounces}</td>
              <td>{rates.complaints}</td>
              <td>
                {formatRate(rates.bounceRate)} ({STANDING_WORDS[bounceStanding(rates.bounceRate)]})
              </td>
              <td>
                {formatRate(rates.complaintRate)} ({STANDING_WORDS[complaintStanding(rates.complaintRate)]})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SubscribersTable({ rows, returnTo }: { rows: SubscriberRow[]; returnTo: string }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="list-caption">
      <table className="people-table">
        <caption id="list-caption">Subscribers, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Email address</th>
            <th scope="col">Status</th>
            <th scope="col">Consent</th>
            <th scope="col">Since</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <StoredEmail email={row.email} />
              </td>
              <td>{STATUS_NAMES[row.status]}</td>
              <td>
                {row.consentSource}
                {row.consentNote && <>: {row.consentNote}</>}
              </td>
              <td>
                <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt)}</time>
              </td>
              <td>
                {(row.status === 'active' || row.status === 'pending') && (
                  <StaffForm action={unsubscribeByStaff} fields={{ subscriberId: row.id, returnTo }} label={`Unsubscribe ${row.email}`}>
                    <SubmitButton label="Unsubscribe" pendingLabel="Unsubscribing…" className="button-secondary" />
                  </StaffForm>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Who gets the briefing: counts, growth, bounce and complaint rates, the list, import and export, blocked domains. */
export default async function SubscribersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const viewer = await staffViewer('/admin/subscribers');
  if (!viewer) return forbiddenPage();
  const { q = '', status: rawStatus = '', after = '', done } = await singleValues<'q' | 'status' | 'after' | 'done'>(searchParams);
  const unreadable = unreadableAmong([q]);
  const query = unreadable ? '' : q.slice(0, 200);
  const status = subscriberStatuses.includes(rawStatus as SubscriberStatus) ? (rawStatus as SubscriberStatus) : null;
  const afterId = /^\d{1,9}$/.test(after) ? Number(after) : null;
  const filter = { query, status };
  const [counts, growth, sends, page, domains] = await Promise.all([
    readSubscriberCounts(viewer),
    readSubscriberGrowth(viewer),
    readRecentSendRates(viewer),
    readSubscribers(viewer, filter, afterId),
    readBlockedDomains(viewer),
  ]);
  const filterParams = new URLSearchParams();
  if (query) filterParams.set('q', query);
  if (status) filterParams.set('status', status);
  const here = filterParams.size ? `/admin/subscribers?${filterParams}` : '/admin/subscribers';
  const nextParams = new URLSearchParams(filterParams);
  if (page.next) nextParams.set('after', String(page.next));

  return (
    <>
      <h1>Subscribers</h1>
      <StaffNav current="/admin/subscribers" role={viewer.role} />
      <DoneMessage done={done} />

      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">How many</h2>
        <dl className="subscriber-counts">
          {subscriberStatuses.map((each) => (
            <div key={each}>
              <dt>{STATUS_NAMES[each]}</dt>
              <dd>{counts[each]}</dd>
            </div>
          ))}
          <div>
            <dt>All addresses</dt>
            <dd>{counts.total}</dd>
          </div>
        </dl>
        <GrowthChart points={growth} />
      </section>

      <section aria-labelledby="rates-heading">
        <h2 id="rates-heading">Bounces and complaints</h2>
        <p className="field-help">
          Gmail asks senders to keep complaints (“report spam”) under {formatRate(COMPLAINT_RATE_AIM)} of messages delivered, and filters or
          refuses mail at {formatRate(COMPLAINT_RATE_LIMIT)} or more. One hard bounce or complaint stops mail to an address; so do three
          soft bounces from different issues within 45 days. Reports are read with <code>npm run bounces</code>.
        </p>
        <RatesTable sends={sends} />
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">The list</h2>
        <form method="get" action="/admin/subscribers" className="inline-form" role="search" aria-label="Find subscribers">
          <label htmlFor="subscribers-q">Address contains</label>
          <input id="subscribers-q" name="q" type="search" defaultValue={query} />
          <label htmlFor="subscribers-status">Status</label>
          <select id="subscribers-status" name="status" defaultValue={status ?? ''}>
            <option value="">Any</option>
            {subscriberStatuses.map((each) => (
              <option key={each} value={each}>
                {STATUS_NAMES[each]}
              </option>
            ))}
          </select>
          <button type="submit">Show</button>
        </form>
        {unreadable && <UnreadableSearch problem={unreadable} what="the search" />}
        <p>
          <a href={`/admin/subscribers/export${filterParams.size ? `?${filterParams}` : ''}`} download>
            Export {query || status ? 'these subscribers' : 'all subscribers'} as CSV
          </a>
        </p>
        <div id="results" tabIndex={-1}>
          {page.items.length ? <SubscribersTable rows={page.items} returnTo={here} /> : <p>No subscriber matches.</p>}
        </div>
        {(page.next || afterId) && (
          <nav className="pager" aria-label="Pages of subscribers">
            <ul>
              {afterId !== null && (
                <li>
                  <Link href={here}>Newest</Link>
                </li>
              )}
              {page.next && (
                <li>
                  <Link href={`/admin/subscribers?${nextParams}`} rel="next">
                    Older subscribers
                  </Link>
                </li>
              )}
            </ul>
          </nav>
        )}
      </section>

      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import addresses</h2>
        <ImportForm action={importSubscribers} sizeLimit={`${IMPORT_FILE_LIMIT_BYTES / 1_000_000} MB`} />
      </section>

      <section aria-labelledby="domains-heading">
        <h2 id="domains-heading">Blocked domains</h2>
        <StaffForm action={saveBlockedDomains} fields={{}} className="stacked-form" label="Blocked domains">
          <TextField
            multiline
            rows={4}
            id="blocked-domains"
            name="domains"
            label="Addresses at these domains (and their subdomains) cannot subscribe or be imported"
            help="One domain a line, like example.com."
            defaultValue={domains.join('\n')}
          />
          <SubmitButton label="Save blocked domains" pendingLabel="Saving…" />
        </StaffForm>
      </section>
    </>
  );
}
