import type { Metadata } from 'next';
import Link from '@/components/Link';
import { forbiddenPage } from '@/components/Forbidden';
import { notFoundPage } from '@/components/NotFound';
import { FocusOnArrival } from '@/components/editorial/FocusOnArrival';
import { IssueForm } from '@/components/editorial/IssueForm';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { StaffForm } from '@/components/moderation/StaffForm';
import { StaffNav } from '@/components/moderation/StaffNav';
import type { ArticleStatus } from '@/db/schema';
import { config } from '@/lib/config';
import { readIssueForEditing, type IssueArticle, type IssueForEditing } from '@/lib/editorial/admin-queries';
import { addArticleToIssue, moveArticleInIssue, removeDraftArticle, saveIssueDetails } from '@/lib/editorial/issue-actions';
import { editorialPaths } from '@/lib/editorial/paths';
import { formatIssueDate } from '@/lib/issues/dates';
import { staffViewer } from '@/lib/moderation/staff-page';
import { rowIdOf } from '@/lib/routing/addresses';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';
import { sendPagePath } from '@/lib/sending/send-page-path';
import { formatInZone } from '@/lib/sending/zoned-time';

export const metadata: Metadata = { title: 'Edit an issue', robots: { index: false } };

const ARTICLE_STATUS: Record<ArticleStatus, string> = { draft: 'Draft', published: 'Published', unpublished: 'Unpublished' };

/** What the last action did: fixed words, or words made from the issue's own data — never text from the address. */
function doneMessage(done: string | undefined, moved: IssueArticle | undefined, count: number): string | null {
  switch (done) {
    case 'issue-created':
      return 'The issue is created, as a draft. Add its articles below.';
    case 'issue-saved':
      return 'The issue is saved.';
    case 'article-removed':
      return 'The draft is removed.';
    case 'article-moved':
      return moved ? `Moved “${moved.title}” to number ${moved.position} of ${count}.` : 'Moved.';
    default:
      return null;
  }
}

function issueState({ issue }: IssueForEditing, zone: string): string {
  if (issue.status === 'scheduled' && issue.scheduledFor) return `Scheduled to publish at ${formatInZone(issue.scheduledFor, zone)}.`;
  return issue.status === 'published' ? 'Published.' : 'Draft: only staff can see it.';
}

function MoveButtons({ article, first, last, date }: { article: IssueArticle; first: boolean; last: boolean; date: string }) {
  const fields = { articleId: article.id, from: article.position, issue: date };
  return (
    <>
      {!first && (
        <StaffForm action={moveArticleInIssue} fields={{ ...fields, direction: 'up' }} label={`Move “${article.title}” up`}>
          <SubmitButton
            id={`move-${article.id}-up`}
            label="Move up"
            pendingLabel="Moving…"
            className="button-secondary"
            hiddenSuffix={`“${article.title}”`}
          />
        </StaffForm>
      )}
      {!last && (
        <StaffForm action={moveArticleInIssue} fields={{ ...fields, direction: 'down' }} label={`Move “${article.title}” down`}>
          <SubmitButton
            id={`move-${article.id}-down`}
            label="Move down"
            pendingLabel="Moving…"
            className="button-secondary"
            hiddenSuffix={`“${article.title}”`}
          />
        </StaffForm>
      )}
    </>
  );
}

/** The confirm step of a removal, shown in the article's row when the address asks for it (works without JavaScript). */
function ConfirmRemoval({ article, date }: { article: IssueArticle; date: string }) {
  return (
    <div
      className="confirm-removal"
      id={`remove-${article.id}`}
      tabIndex={-1}
      role="group"
      aria-labelledby={`remove-${article.id}-question`}
    >
      <p id={`remove-${article.id}-question`}>Remove the draft “{article.title}” for good? Its text cannot be brought back.</p>
      <StaffForm
        action={removeDraftArticle}
        fields={{ articleId: article.id, issue: date, confirm: 'yes' }}
        label={`Remove “${article.title}”`}
      >
        <SubmitButton label="Yes, remove it" pendingLabel="Removing…" className="button-danger" />
      </StaffForm>
      <Link href={`${editorialPaths.issue(date)}#article-${article.id}`}>No, keep it</Link>
    </div>
  );
}

function ArticleRow({
  article,
  index,
  count,
  date,
  removing,
}: {
  article: IssueArticle;
  index: number;
  count: number;
  date: string;
  removing: boolean;
}) {
  return (
    <li id={`article-${article.id}`} className="issue-article">
      <div className="issue-article-text">
        <Link href={editorialPaths.article(article.id)}>{article.title}</Link>
        <p className="issue-article-meta">
          <span className={`badge article-status-${article.status}`}>{ARTICLE_STATUS[article.status]}</span>{' '}
          {article.author ?? 'No author yet'}
          {article.responses > 0 && ` · ${article.responses} ${article.responses === 1 ? 'response' : 'responses'}`}
        </p>
      </div>
      <div className="issue-article-controls">
        <MoveButtons article={article} first={index === 0} last={index === count - 1} date={date} />
        {article.removable && !removing && (
          <Link href={`${editorialPaths.issue(date)}?remove=${article.id}#remove-${article.id}`}>
            Remove<span className="visually-hidden"> “{article.title}”</span>
          </Link>
        )}
      </div>
      {removing && <ConfirmRemoval article={article} date={date} />}
    </li>
  );
}

/** One issue: its articles in order (add, remove, reorder) and its date, number and summary. 'edit-issues' only. */
export default async function IssueEditorPage({
  params,
  searchParams,
}: {
  params: Promise<{ date: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  const { date } = await params;
  const viewer = await staffViewer('/admin/issues/[date]', editorialPaths.issue(date));
  if (!viewer) return forbiddenPage();
  const found = await readIssueForEditing(viewer, date);
  if (!found) return notFoundPage();
  const { issue, articles } = found;
  const search = await singleValues<'done' | 'moved' | 'focus' | 'remove'>(searchParams);
  const zone = config().SITE_TIME_ZONE;
  const moved = articles.find((article) => article.id === rowIdOf(search.moved));
  const removing = articles.find((article) => article.id === rowIdOf(search.remove) && article.removable);
  const message = doneMessage(search.done, moved, articles.length);
  // Only an element of this page: a move button that exists, or the confirm step being shown.
  const focusable = new Set(articles.flatMap((article) => [`move-${article.id}-up`, `move-${article.id}-down`]));
  const focus = search.focus && focusable.has(search.focus) ? search.focus : removing ? `remove-${removing.id}` : null;
  const words = formatIssueDate(issue.date);

  return (
    <>
      <h1>
        Issue of {words}
        {issue.number !== null && ` (No. ${issue.number})`}
      </h1>
      <StaffNav current="/admin/issues" role={viewer.role} />
      <div id="results" tabIndex={-1}>
        {message && (
          <p className="form-done" role="status">
            {message}
          </p>
        )}
      </div>
      <p>{issueState(found, zone)}</p>
      <ul className="issue-links">
        <li>
          <Link href={editorialPaths.publish(issue.date)}>Publish or schedule</Link>
        </li>
        <li>
          <Link href={sendPagePath(issue.date)}>
            Send<span className="visually-hidden"> the issue of {words}</span>
          </Link>
        </li>
        {issue.status === 'published' && (
          <li>
            <Link href={`/issues/${issue.date}`}>See it on the site</Link>
          </li>
        )}
      </ul>

      <section aria-labelledby="articles-heading">
        <h2 id="articles-heading">Articles</h2>
        {articles.length === 0 ? (
          <p>No articles yet.</p>
        ) : (
          <ol className="issue-articles">
            {articles.map((article, index) => (
              <ArticleRow
                key={article.id}
                article={article}
                index={index}
                count={articles.length}
                date={issue.date}
                removing={removing === article}
              />
            ))}
          </ol>
        )}
        <StaffForm action={addArticleToIssue} fields={{ issueId: issue.id }} label="Add an article">
          <SubmitButton label="Add an article" pendingLabel="Adding…" />
        </StaffForm>
      </section>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Date, number and summary</h2>
        <IssueForm
          action={saveIssueDetails}
          hidden={{ issueId: issue.id }}
          values={{ date: issue.date, number: issue.number, summary: issue.summary }}
          idPrefix="issue"
          label="Date, number and summary"
          submit="Save"
          pending="Saving…"
          dateHelp={
            issue.status === 'published'
              ? 'Changing the date moves the issue’s address; links to the old one keep working.'
              : 'The day printed on the issue; it is also its address.'
          }
        />
      </section>
      <FocusOnArrival target={focus} />
    </>
  );
}
