import type { Metadata } from 'next';
import Link from '@/components/Link';
import { forbiddenPage } from '@/components/Forbidden';
import { IssueForm } from '@/components/editorial/IssueForm';
import { StaffNav } from '@/components/moderation/StaffNav';
import type { IssueStatus } from '@/db/schema';
import { config } from '@/lib/config';
import { readEditorialIssues, type EditorialIssue } from '@/lib/editorial/admin-queries';
import { createNewIssue } from '@/lib/editorial/issue-actions';
import { editorialPaths } from '@/lib/editorial/paths';
import { formatIssueDate, isIssueDate } from '@/lib/issues/dates';
import { staffViewer } from '@/lib/moderation/staff-page';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';
import { stateWords } from '@/lib/sending/progress-view';
import { sendPagePath } from '@/lib/sending/send-page-path';
import { formatInZone } from '@/lib/sending/zoned-time';

export const metadata: Metadata = { title: 'Issues', robots: { index: false } };

const STATUS_WORDS: Record<IssueStatus, string> = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published' };

function issueStatus(issue: EditorialIssue, zone: string): string {
  if (issue.status === 'scheduled' && issue.scheduledFor) return `Scheduled for ${formatInZone(issue.scheduledFor, zone)}`;
  return STATUS_WORDS[issue.status];
}

function sendStatus(send: EditorialIssue['send'], zone: string): string {
  if (!send) return 'Not sent';
  if (send.state === 'scheduled' && send.scheduledFor) return `Scheduled for ${formatInZone(send.scheduledFor, zone)}`;
  if (send.state === 'done' && send.finishedAt) return `Sent, finished ${formatInZone(send.finishedAt, zone)}`;
  return stateWords(send.state);
}

/** Every issue — drafts, scheduled, published, sent — newest first, each leading to its editor and its send page. */
export default async function IssuesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const viewer = await staffViewer('/admin/issues');
  if (!viewer) return forbiddenPage();
  const { before } = await singleValues<'before'>(searchParams);
  const list = await readEditorialIssues(viewer, before && isIssueDate(before) ? before : null);
  const zone = config().SITE_TIME_ZONE;
  return (
    <>
      <h1>Issues</h1>
      <StaffNav current="/admin/issues" role={viewer.role} />
      <section aria-labelledby="new-issue-heading">
        <h2 id="new-issue-heading">New issue</h2>
        <IssueForm
          action={createNewIssue}
          idPrefix="new-issue"
          label="New issue"
          submit="Create the issue"
          pending="Creating…"
          dateHelp="The day printed on the issue; it is also its address. It starts as a draft that only staff can see."
        />
      </section>
      <section aria-labelledby="all-issues-heading">
        <h2 id="all-issues-heading">All issues</h2>
        {list.issues.length === 0 ? (
          <p>{before ? 'No older issues.' : 'There is no issue yet.'}</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="issues-caption">
            <table className="issues-table">
              <caption id="issues-caption">Issues, newest first (times in {zone})</caption>
              <thead>
                <tr>
                  <th scope="col">Issue</th>
                  <th scope="col">No.</th>
                  <th scope="col">State</th>
                  <th scope="col">Articles</th>
                  <th scope="col">Email</th>
                </tr>
              </thead>
              <tbody>
                {list.issues.map((issue) => {
                  const words = formatIssueDate(issue.date);
                  return (
                    <tr key={issue.id}>
                      <th scope="row">
                        <Link href={editorialPaths.issue(issue.date)}>{words}</Link>
                      </th>
                      <td>{issue.number ?? '—'}</td>
                      <td>{issueStatus(issue, zone)}</td>
                      <td>{issue.articles}</td>
                      <td>
                        {sendStatus(issue.send, zone)}
                        {issue.status === 'published' && (
                          <>
                            {' · '}
                            <Link href={sendPagePath(issue.date)}>
                              Send<span className="visually-hidden"> the issue of {words}</span>
                            </Link>
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {list.next && (
        <nav className="pager" aria-label="Pages of issues">
          <ul>
            <li>
              <Link href={`/admin/issues?${new URLSearchParams({ before: list.next })}`} rel="next">
                Older issues
              </Link>
            </li>
          </ul>
        </nav>
      )}
    </>
  );
}
