import type { Metadata } from 'next';
import Link from '@/components/Link';
import { forbiddenPage } from '@/components/Forbidden';
import { notFoundPage } from '@/components/NotFound';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { StaffForm } from '@/components/moderation/StaffForm';
import { DoneMessage, StaffNav } from '@/components/moderation/StaffNav';
import { BriefingPreview as Preview } from '@/components/sending/BriefingPreview';
import { SendProgress } from '@/components/sending/SendProgress';
import type { CurrentUser } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { formatIssueDate } from '@/lib/issues/dates';
import { staffViewer } from '@/lib/moderation/staff-page';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';
import { unreadableAmong } from '@/lib/text/unreadable';
import {
  cancelSending,
  confirmLateSending,
  pauseSending,
  resendUncertainDeliveries,
  resumeSending,
  retryFailedDeliveries,
  scheduleSending,
  sendTestCopy,
  sendToSubscribers,
  unscheduleSending,
} from '@/lib/sending/send-actions';
import { failuresPageOf, parseFailureFilters, progressViewOf, type FailureFilters } from '@/lib/sending/send-page-data';
import { sendPaths } from '@/lib/sending/send-page-path';
import { readBriefingPreview, readSendPageIssue, type SendPageIssue } from '@/lib/sending/send-page-queries';
import { formatInZone, instantToLocalInput } from '@/lib/sending/zoned-time';

export const metadata: Metadata = { title: 'Send an issue', robots: { index: false } };

type Send = NonNullable<SendPageIssue['send']>;

function TestSend({ issueId, date, email }: { issueId: number; date: string; email: string }) {
  return (
    <section aria-labelledby="test-heading">
      <h2 id="test-heading">Send a test copy</h2>
      <StaffForm action={sendTestCopy} fields={{ issueId, date }} label="Send a test copy">
        <p>One copy, to your own address ({email}).</p>
        <SubmitButton label="Send me a test copy" pendingLabel="Sending…" className="button-secondary" />
      </StaffForm>
    </section>
  );
}

/** The schedule field's first value: an hour from now, on the site's clocks. */
function anHourFromNow(zone: string): string {
  return instantToLocalInput(new Date(Date.now() + 60 * 60 * 1000), zone);
}

function StartForms({ issueId, date, audience, zone }: { issueId: number; date: string; audience: number; zone: string }) {
  const soon = anHourFromNow(zone);
  return (
    <>
      <section aria-labelledby="send-heading">
        <h2 id="send-heading">Send now</h2>
        <StaffForm action={sendToSubscribers} fields={{ issueId, date, audienceSeen: audience }} className="stacked-form" label="Send now">
          <div className="field--check">
            <input type="checkbox" id="send-confirm" name="confirm" value="yes" required />
            <label htmlFor="send-confirm">I have checked the preview: send this issue to all {audience} active subscribers now.</label>
          </div>
          <SubmitButton label={`Send to ${audience} subscribers`} pendingLabel="Starting…" />
        </StaffForm>
      </section>
      <section aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Schedule</h2>
        <StaffForm action={scheduleSending} fields={{ issueId, date }} className="stacked-form" label="Schedule">
          <TextField
            id="schedule-at"
            name="at"
            type="datetime-local"
            label={`Send at (time in ${zone})`}
            help={`The time on the clocks in ${zone}. The subscribers active then will get it.`}
            defaultValue={soon}
            required
          />
          <SubmitButton label="Schedule" pendingLabel="Scheduling…" className="button-secondary" />
        </StaffForm>
      </section>
    </>
  );
}

function ScheduledControls({ send, date, zone }: { send: Send; date: string; zone: string }) {
  const at = send.scheduledFor ? formatInZone(send.scheduledFor, zone) : 'a time to be set';
  return (
    <section aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Scheduled</h2>
      {send.state === 'late' ? (
        <>
          <p>This send was due at {at} but had not started an hour later. It waits for someone to confirm it still should go.</p>
          <StaffForm action={confirmLateSending} fields={{ sendId: send.id, date }} label="Send it late">
            <SubmitButton label="Send it now" pendingLabel="Starting…" />
          </StaffForm>
        </>
      ) : (
        <p>
          It will be sent at {at}, set by {send.startedByName}.
        </p>
      )}
      <StaffForm action={unscheduleSending} fields={{ sendId: send.id, date }} label="Cancel the schedule">
        <SubmitButton label="Cancel the schedule" pendingLabel="Cancelling…" className="button-secondary" />
      </StaffForm>
    </section>
  );
}

function Controls({ send, date, failed, uncertain }: { send: Send; date: string; failed: number; uncertain: number }) {
  const fields = { sendId: send.id, date };
  return (
    <div className="send-controls">
      {send.state === 'sending' && (
        <StaffForm action={pauseSending} fields={fields} label="Pause">
          <SubmitButton label="Pause" pendingLabel="Pausing…" className="button-secondary" />
        </StaffForm>
      )}
      {send.state === 'paused' && (
        <StaffForm action={resumeSending} fields={fields} label="Resume">
          <SubmitButton label="Resume" pendingLabel="Resuming…" />
        </StaffForm>
      )}
      {(send.state === 'sending' || send.state === 'paused') && (
        <StaffForm action={cancelSending} fields={fields} label="Cancel the send">
          <div className="field--check">
            <input type="checkbox" id="cancel-confirm" name="confirm" value="yes" required />
            <label htmlFor="cancel-confirm">Yes, stop: subscribers not reached yet will not get this issue</label>
          </div>
          <SubmitButton label="Cancel the send" pendingLabel="Cancelling…" className="button-danger" />
        </StaffForm>
      )}
      {failed > 0 && send.state !== 'cancelled' && (
        <StaffForm action={retryFailedDeliveries} fields={fields} label="Retry the failed">
          <SubmitButton label={`Retry ${failed} failed`} pendingLabel="Queuing…" className="button-secondary" />
        </StaffForm>
      )}
      {uncertain > 0 && send.state !== 'cancelled' && (
        <StaffForm action={resendUncertainDeliveries} fields={fields} label="Resend the uncertain">
          <div className="field--check">
            <input type="checkbox" id="resend-confirm" name="confirm" value="yes" required />
            <label htmlFor="resend-confirm">Yes, resend: some of these {uncertain} may get the issue twice</label>
          </div>
          <SubmitButton label={`Resend ${uncertain} uncertain`} pendingLabel="Queuing…" className="button-secondary" />
        </StaffForm>
      )}
    </div>
  );
}

async function Failures({ viewer, send, date, filters }: { viewer: CurrentUser; send: Send; date: string; filters: FailureFilters }) {
  const page = await failuresPageOf(viewer, send.id, filters);
  const query = (extra: Record<string, string>) =>
    new URLSearchParams(
      Object.entries({ status: filters.status ?? '', q: filters.search, ...extra }).filter((pair): pair is [string, string] =>
        Boolean(pair[1]),
      ),
    ).toString();
  const base = sendPaths.page(date);
  return (
    <section aria-labelledby="failures-heading">
      <h2 id="failures-heading">Failed and uncertain</h2>
      <form method="get" action={`${base}#failures-heading`} className="inline-form" role="search" aria-label="Filter the failures">
        <div className="field">
          <label htmlFor="failures-status">Status</label>
          <select id="failures-status" name="status" defaultValue={filters.status ?? ''}>
            <option value="">Failed or uncertain</option>
            <option value="failed">Failed</option>
            <option value="uncertain">Uncertain</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="failures-q">Address contains</label>
          <input id="failures-q" name="q" type="search" defaultValue={filters.search} />
        </div>
        <button type="submit">Show</button>
      </form>
      <p>
        <a href={`${sendPaths.failuresCsv(date)}?${query({})}`} download>
          Download these as CSV
        </a>
      </p>
      {page.rows.length === 0 ? (
        <p>None{filters.status || filters.search ? ' match' : ''}.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Failed and uncertain deliveries">
          <table className="failures-table">
            <caption>Failed and uncertain deliveries</caption>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">The mail server’s answer</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={row.id}>
                  <td>{row.email}</td>
                  <td>{row.status === 'failed' ? 'Failed' : 'Uncertain'}</td>
                  <td>{row.attempts}</td>
                  <td>{row.answer ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.next !== null && (
        <nav className="pager" aria-label="Pages of failures">
          <ul>
            <li>
              <Link href={`${base}?${query({ after: String(page.next) })}#failures-heading`} rel="next">
                More
              </Link>
            </li>
          </ul>
        </nav>
      )}
    </section>
  );
}

/** Preview, test, send or schedule one issue, then follow the send and deal with what failed. 'send-issues' only. */
export default async function SendPage({
  params,
  searchParams,
}: {
  params: Promise<{ date: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const { date } = await params;
  const viewer = await staffViewer('/admin/issues/[date]/send', sendPaths.page(date));
  if (!viewer) return forbiddenPage();
  const found = await readSendPageIssue(viewer, date);
  if (!found) return notFoundPage();
  const { issue, send, activeSubscribers } = found;
  const search = await singleValues<'done' | 'status' | 'q' | 'after'>(searchParams);
  const filters = parseFailureFilters(unreadableAmong([search.q, search.after, search.status]) ? {} : search);
  const zone = config().SITE_TIME_ZONE;
  const published = issue.status === 'published';
  const preview = published ? await readBriefingPreview(viewer, issue.id, viewer.email) : null;
  const progress = send && !['scheduled', 'late'].includes(send.state) ? await progressViewOf(viewer, send) : null;

  return (
    <>
      <h1>Send the issue of {formatIssueDate(issue.date)}</h1>
      <StaffNav current="/admin/issues" role={viewer.role} />
      <div id="results" tabIndex={-1}>
        <DoneMessage done={search.done} />
      </div>
      {!published && <p>This issue is not published yet: only a published issue can be sent.</p>}
      {published && !send && <StartForms issueId={issue.id} date={issue.date} audience={activeSubscribers} zone={zone} />}
      {send && (send.state === 'scheduled' || send.state === 'late') && <ScheduledControls send={send} date={issue.date} zone={zone} />}
      {send && progress && (
        <section aria-labelledby="progress-heading">
          <h2 id="progress-heading">Progress</h2>
          <SendProgress initial={progress} url={sendPaths.progress(issue.date)} />
          {progress.state === 'sending' || progress.state === 'paused' ? (
            <p>
              <Link href={sendPaths.page(issue.date)}>Reload for the latest numbers</Link>
            </p>
          ) : null}
          <Controls send={send} date={issue.date} failed={progress.failed} uncertain={progress.uncertain} />
        </section>
      )}
      {preview && <TestSend issueId={issue.id} date={issue.date} email={viewer.email} />}
      {preview && <Preview {...preview} />}
      {send && progress && (progress.failed > 0 || progress.uncertain > 0 || filters.status || filters.search) ? (
        <Failures viewer={viewer} send={send} date={issue.date} filters={filters} />
      ) : null}
    </>
  );
}
