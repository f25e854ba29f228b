import type { Metadata } from 'next';
import Link from '@/components/Link';
import { forbiddenPage } from '@/components/Forbidden';
import { StaffNav } from '@/components/moderation/StaffNav';
import { UnreadableSearch } from '@/components/forms/UnreadableSearch';
import { formatDateTime } from '@/lib/format';
import { describeChanges, describeReason } from '@/lib/moderation/describe';
import { LOG_ACTIONS, type LogAction } from '@/lib/moderation/log';
import { readArticleChoices, readLog, readLogActors, type LogFilters, type LogRow } from '@/lib/moderation/queries';
import { staffViewer } from '@/lib/moderation/staff-page';
import { rowIdOf } from '@/lib/routing/addresses';
import { unreadableAmong } from '@/lib/text/unreadable';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';

export const metadata: Metadata = { title: 'Moderation log', robots: { index: false } };

type Search = { moderator?: string; action?: string; reader?: string; article?: string; q?: string; before?: string };

function target(entry: LogRow): string {
  switch (entry.targetType) {
    case 'response':
      return `Response ${entry.targetId}${entry.subjectName || entry.subjectEmail ? ` by ${entry.subjectName ?? entry.subjectEmail}` : ''}`;
    case 'user':
      return entry.subjectName ? `${entry.subjectName} (${entry.subjectEmail})` : (entry.subjectEmail ?? 'A deleted account');
    case 'article':
      return `Article “${entry.articleTitle ?? entry.targetId}”`;
    case 'settings':
      return 'Settings';
    case 'subscriber':
      return `Subscriber ${entry.targetId}`;
    case 'send':
      return `Send ${entry.targetId}`;
    case 'issue':
      return `Issue ${entry.targetId}`;
    case 'author':
      return `Author ${entry.targetId}`;
  }
}

/**
 * Every staff action and automatic decision, newest first: who, when, what, to what, why, before → after. Filters
 * and a text search travel in the address (a GET form), so a view of the log can be shared. Read-only: nothing in
 * the app changes or deletes an entry.
 */
export default async function LogPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const search: Search = await singleValues(searchParams);
  const viewer = await staffViewer('/moderation/log');
  if (!viewer) return forbiddenPage();
  const filters: LogFilters = {
    actorId: search.moderator || undefined,
    action: search.action && search.action in LOG_ACTIONS ? (search.action as LogAction) : undefined,
    subjectEmail: search.reader?.trim() || undefined,
    articleId: rowIdOf(search.article) ?? undefined,
    text: search.q?.slice(0, 200) || undefined,
  };
  const before = rowIdOf(search.before);
  // Text the database cannot take (NUL) or that arrived garbled is answered, not searched: as in every form.
  const unreadable = unreadableAmong([search.q, search.reader, search.moderator]);
  const [log, actors, articles] = await Promise.all([
    unreadable ? { entries: [], next: null } : readLog(viewer, filters, before),
    readLogActors(viewer),
    readArticleChoices(viewer),
  ]);
  const nextParams = new URLSearchParams(
    Object.entries({ ...search, before: String(log.next ?? '') }).filter((pair): pair is [string, string] => Boolean(pair[1])),
  );

  return (
    <>
      <h1>Moderation log</h1>
      <StaffNav current="/moderation/log" role={viewer.role} />
      <form method="get" action="/moderation/log" className="log-filters" role="search" aria-label="Filter the log">
        <div className="field">
          <label htmlFor="log-q">Search</label>
          <input id="log-q" name="q" type="search" defaultValue={filters.text} />
        </div>
        <div className="field">
          <label htmlFor="log-moderator">Moderator</label>
          <select id="log-moderator" name="moderator" defaultValue={filters.actorId ?? ''}>
            <option value="">Anyone</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-action">Action</label>
          <select id="log-action" name="action" defaultValue={filters.action ?? ''}>
            <option value="">Any action</option>
            {Object.entries(LOG_ACTIONS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-reader">Reader’s email address</label>
          <input id="log-reader" name="reader" type="email" defaultValue={filters.subjectEmail} />
        </div>
        <div className="field">
          <label htmlFor="log-article">Article</label>
          <select id="log-article" name="article" defaultValue={filters.articleId ?? ''}>
            <option value="">Any article</option>
            {articles.map((article) => (
              <option key={article.id} value={article.id}>
                {article.date}: {article.title}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>

      {unreadable && <UnreadableSearch problem={unreadable} what="the search" />}
      <h2 id="results">{log.entries.length === 0 ? 'No entries' : before ? 'Earlier entries' : 'Latest entries'}</h2>
      {log.entries.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="results">
          <table className="log-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
                <th scope="col">Reason</th>
                <th scope="col">Before → after</th>
              </tr>
            </thead>
            <tbody>
              {log.entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt)}</time>
                  </td>
                  <td>{entry.actorName}</td>
                  <td>{LOG_ACTIONS[entry.action as LogAction] ?? entry.action}</td>
                  <td>{target(entry)}</td>
                  <td>{describeReason(entry.action, entry.reason)}</td>
                  <td>{describeChanges(entry.before, entry.after).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.next && (
        <nav className="pager" aria-label="Pages of the log">
          <ul>
            <li>
              <Link href={`/moderation/log?${nextParams}`} rel="next">
                Earlier entries
              </Link>
            </li>
          </ul>
        </nav>
      )}
    </>
  );
}
