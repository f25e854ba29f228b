import type { Metadata } from 'next';
import Link from '@/components/Link';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { forbiddenPage } from '@/components/Forbidden';
import { QueueItem } from '@/components/moderation/QueueItem';
import { QueueKeys } from '@/components/moderation/QueueKeys';
import { StaffForm } from '@/components/moderation/StaffForm';
import { DoneMessage, StaffNav } from '@/components/moderation/StaffNav';
import { responseModes } from '@/db/schema';
import { bulkDecide, setArticleMode } from '@/lib/moderation/actions';
import { MODE_NAMES } from '@/lib/moderation/describe';
import {
  QUEUE_TABS,
  readArticleModeration,
  readArticleChoices,
  readQueue,
  readQueueCounts,
  tabOrder,
  type QueueTab,
} from '@/lib/moderation/queries';
import { REJECTION_REASONS } from '@/lib/moderation/reasons';
import { staffViewer } from '@/lib/moderation/staff-page';
import { rowIdOf } from '@/lib/routing/addresses';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';

export const metadata: Metadata = { title: 'Moderation', robots: { index: false } };

const TAB_NAMES: Record<QueueTab, string> = {
  pending: 'Pending',
  reported: 'Reported',
  rejected: 'Rejected',
  appeals: 'Appeals',
  all: 'All',
};

type Search = { tab?: string; article?: string; after?: string; focus?: string; done?: string };

function queueHref(tab: QueueTab, articleId: number | null, after: number | null = null): string {
  const params = new URLSearchParams(tab === 'pending' ? {} : { tab });
  if (articleId) params.set('article', String(articleId));
  if (after) params.set('after', String(after));
  return params.size ? `/moderation?${params}` : '/moderation';
}

/**
 * The moderation queue: tabs with counts, an article filter (and that article's responses setting), one page of
 * items by keyset, bulk approve or reject. Staff only; the queries check the role again.
 */
export default async function ModerationPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const search: Search = await singleValues(searchParams);
  const tab = QUEUE_TABS.includes(search.tab as QueueTab) ? (search.tab as QueueTab) : 'pending';
  const articleId = rowIdOf(search.article);
  const after = rowIdOf(search.after);
  const here = queueHref(tab, articleId, after);
  const viewer = await staffViewer('/moderation', here);
  if (!viewer) return forbiddenPage();

  const [counts, page, articles, article] = await Promise.all([
    readQueueCounts(viewer, articleId),
    readQueue(viewer, { tab, articleId, cursor: after }),
    readArticleChoices(viewer),
    articleId ? readArticleModeration(viewer, articleId) : null,
  ]);
  const focus = rowIdOf(search.focus);
  const focusTarget = focus && page.items.some((item) => item.id === focus) ? `item-${focus}` : search.done ? 'results' : null;

  return (
    <>
      <h1>Moderation</h1>
      <StaffNav current="/moderation" role={viewer.role} />
      <DoneMessage done={search.done} />

      <nav className="queue-tabs" aria-label="Queue">
        <ul>
          {QUEUE_TABS.map((name) => (
            <li key={name}>
              <Link href={queueHref(name, articleId)} aria-current={name === tab ? 'page' : undefined}>
                {TAB_NAMES[name]} <span className="queue-tabs__count">({counts[name]})</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <form method="get" action="/moderation" className="inline-form queue-filter">
        <input type="hidden" name="tab" value={tab} />
        <label htmlFor="article-filter">Article</label>
        <select id="article-filter" name="article" defaultValue={articleId ?? ''}>
          <option value="">All articles</option>
          {articles.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.date}: {choice.title}
            </option>
          ))}
        </select>
        <button type="submit" className="button-secondary">
          Show
        </button>
      </form>

      {article && (
        <StaffForm action={setArticleMode} fields={{ articleId: article.id, returnTo: here }} label="Responses to this article">
          <fieldset className="mode-switch">
            <legend>Responses to “{article.title}”</legend>
            {responseModes.map((mode) => (
              <span className="field--check" key={mode}>
                <input type="radio" id={`mode-${mode}`} name="mode" value={mode} defaultChecked={article.mode === mode} />
                <label htmlFor={`mode-${mode}`}>{MODE_NAMES[mode]}</label>
              </span>
            ))}
            <SubmitButton label="Change" pendingLabel="Changing…" className="button-secondary" />
          </fieldset>
        </StaffForm>
      )}

      <h2 id="results" tabIndex={-1}>
        {TAB_NAMES[tab]} <span className="queue-tabs__count">({counts[tab]})</span>
        {after && <span className="visually-hidden">, a later page</span>}
      </h2>
      <QueueKeys focus={focusTarget} />

      {page.items.length === 0 ? (
        <p>{after ? 'Nothing more here.' : 'Nothing here. Well done.'}</p>
      ) : (
        <>
          <StaffForm action={bulkDecide} fields={{ returnTo: here }} id="bulk" className="bulk-form" label="Act on the selected responses">
            <fieldset>
              <legend>With the selected responses</legend>
              <span className="field--check">
                <input type="radio" id="bulk-approve" name="decision" value="approve" defaultChecked />
                <label htmlFor="bulk-approve">Approve</label>
              </span>
              <span className="field--check">
                <input type="radio" id="bulk-reject" name="decision" value="reject" />
                <label htmlFor="bulk-reject">Reject, because</label>
                <select name="reason" aria-label="Reason for rejecting" defaultValue="">
                  <option value="">Choose a reason</option>
                  {Object.entries(REJECTION_REASONS).map(([code, text]) => (
                    <option key={code} value={code}>
                      {text}
                    </option>
                  ))}
                </select>
              </span>
              <span className="field">
                <label htmlFor="bulk-note">Note (needed for “another reason”)</label>
                <input id="bulk-note" name="note" maxLength={500} />
              </span>
              <SubmitButton label="Apply to selected" pendingLabel="Applying…" />
            </fieldset>
          </StaffForm>
          <ol className="queue">
            {page.items.map((item, index) => (
              <li key={item.id}>
                <QueueItem item={item} returnTo={here} next={page.items[index + 1]?.id ?? page.items[index - 1]?.id ?? null} />
              </li>
            ))}
          </ol>
        </>
      )}

      {(after || page.next) && (
        <nav className="pager" aria-label="Pages of the queue">
          <ul>
            {after && (
              <li>
                <Link href={queueHref(tab, articleId)}>{tabOrder(tab) === 'oldest' ? 'Oldest first' : 'Newest first'}</Link>
              </li>
            )}
            {page.next && (
              <li>
                <Link href={queueHref(tab, articleId, page.next)} rel="next">
                  Next page
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  );
}
