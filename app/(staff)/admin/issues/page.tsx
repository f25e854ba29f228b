import type { Metadata } from 'next';
import Link from 'next/link';
import { forbiddenPage } from '@/components/Forbidden';
import { StaffNav } from '@/components/moderation/StaffNav';
import { config } from '@/lib/config';
import { formatIssueDate, isIssueDate } from '@/lib/issues/dates';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';
import { stateWords } from '@/lib/sending/progress-view';
import { readIssuesForSending, type IssueForSending } from '@/lib/sending/send-page-queries';
import { sendPagePath } from '@/lib/sending/send-page-path';
import { formatInZone } from '@/lib/sending/zoned-time';
import { staffViewer } from '@/lib/moderation/staff-page';

export const metadata: Metadata = { title: 'Issues', robots: { index: false } };

function sendStatus(send: IssueForSending['send'], zone: string): string {
  if (!send) return 'Not sent';
  if (send.state === 'scheduled' && send.scheduledFor) return `Scheduled for ${formatInZone(send.scheduledFor, zone)}`;
  if (send.state === 'done' && send.finishedAt) return `Sent, finished ${formatInZone(send.finishedAt, zone)}`;
  return stateWords(send.state);
}

/** Published issues, newest first, with where each stands in being sent: the way to each one's send page. */
export default async function IssuesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const viewer = await staffViewer('/admin/issues');
  if (!viewer) return forbiddenPage();
  const { before } = await singleValues<'before'>(searchParams);
  const list = await readIssuesForSending(viewer, before && isIssueDate(before) ? before : null);
  const zone = config().SITE_TIME_ZONE;
  return (
    <>
      <h1>Issues</h1>
      <StaffNav current="/admin/issues" role={viewer.role} />
      {list.issues.length === 0 ? (
        <p>No issue is published yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Published issues">
          <table className="issues-table">
            <caption>Published issues</caption>
            <thead>
              <tr>
                <th scope="col">Issue</th>
                <th scope="col">Articles</th>
                <th scope="col">Email</th>
              </tr>
            </thead>
            <tbody>
              {list.issues.map((issue) => (
                <tr key={issue.id}>
                  <th scope="row">
                    <Link href={sendPagePath(issue.date)}>{formatIssueDate(issue.date)}</Link>
                  </th>
                  <td>{issue.articles}</td>
                  <td>{sendStatus(issue.send, zone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
