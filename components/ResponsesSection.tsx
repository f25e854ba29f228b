import Link from '@/components/Link';
import type { ResponseMode } from '@/db/schema';
import type { ThreadOrder, ThreadPage } from '@/lib/responses/queries';
import { paths } from '@/lib/site';
import { Arrow } from './Arrow';
import { FollowButton } from './FollowButton';
import { OwnResponsesProvider } from './OwnResponseTools';
import { ResponseForm } from './ResponseForm';
import { ResponseThreads } from './ResponseThreads';

type ArticleRef = { id: number; date: string; slug: string; responsesMode: ResponseMode; responsesNote: string | null };

/**
 * Responses under an article: the count, the order, one page of threads, and the form (or why there is none).
 * The same for every reader — it is part of the cached page — so nothing here depends on who is signed in.
 */
export function ResponsesSection({
  article,
  page,
  order,
  cursor,
}: {
  article: ArticleRef;
  page: ThreadPage;
  order: ThreadOrder;
  cursor: number | null;
}) {
  const closed = article.responsesMode === 'closed';
  const other: ThreadOrder = order === 'oldest' ? 'newest' : 'oldest';
  return (
    <>
      <section className="responses" id="responses" aria-labelledby="responses-title" tabIndex={-1}>
        <h2 id="responses-title">
          Responses <span className="responses__count">({page.count})</span>
        </h2>
        {page.total > 1 && (
          <p className="responses__order">
            {order === 'oldest' ? 'Oldest first' : 'Newest first'} ·{' '}
            <Link href={paths.responses(article.date, article.slug, other)}>Show {other} first</Link>
          </p>
        )}
        {page.total === 0 && !closed && <p>No responses yet. Yours could be the first.</p>}
        <OwnResponsesProvider articleId={article.id}>
          <ResponseThreads threads={page.threads} canReply={!closed} />
        </OwnResponsesProvider>
        {(cursor || page.next) && (
          <nav className="pager" aria-label="Pages of responses">
            <ul>
              {cursor && (
                <li>
                  <Link href={paths.responses(article.date, article.slug, order)}>
                    <Arrow to="back" />
                    First responses
                  </Link>
                </li>
              )}
              {page.next && (
                <li>
                  <Link href={paths.responses(article.date, article.slug, order, page.next)} rel="next">
                    More responses
                    <Arrow to="on" />
                  </Link>
                </li>
              )}
            </ul>
          </nav>
        )}
        <FollowButton articleId={article.id} returnTo={paths.article(article.date, article.slug)} />
      </section>
      <section className="respond" id="respond" aria-labelledby="respond-title" tabIndex={-1}>
        <h2 id="respond-title">Respond</h2>
        {closed ? (
          <p className="notice">{article.responsesNote ?? 'Responses to this article are closed.'}</p>
        ) : (
          <>
            {article.responsesNote && <p className="notice">{article.responsesNote}</p>}
            <ResponseForm articleId={article.id} premoderated={article.responsesMode === 'premoderated'} />
            <p className="field-help">
              You will be asked to sign in with your email address before your response is posted; what you write is kept.
            </p>
          </>
        )}
      </section>
    </>
  );
}
