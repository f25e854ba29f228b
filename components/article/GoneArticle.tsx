import Link from '@/components/Link';
import { IssueDate } from '@/components/IssueDate';
import { paths } from '@/lib/site';

export type GoneArticleProps = { title: string; unpublishedNote: string | null; issue: { date: string } };

/**
 * What an unpublished article's address shows, with status 410 (set by server.mjs, see
 * lib/articles/gone-addresses.mjs): which article it was, the editors' note, and where to go instead.
 */
export function GoneArticle({ title, unpublishedNote, issue }: GoneArticleProps) {
  return (
    <article aria-labelledby="article-title" className="gone">
      <h1 id="article-title">{title}</h1>
      <p>This article has been withdrawn and is no longer available.</p>
      {unpublishedNote && <p className="gone__note">{unpublishedNote}</p>}
      <ul>
        <li>
          <Link href={paths.issue(issue.date)}>
            Read the rest of the briefing of <IssueDate date={issue.date} />
          </Link>
        </li>
        <li>
          <Link href={paths.archive()}>Browse every issue in the archive</Link>
        </li>
      </ul>
    </article>
  );
}
