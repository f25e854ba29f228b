import Link from '@/components/Link';
import { DemoMark } from '@/components/DemoMark';
import { IssueDate } from '@/components/IssueDate';
import { ArticleBody } from '@/lib/articles/markup';
import { paths } from '@/lib/site';

export type ArticleContentProps = {
  title: string;
  standfirst: string;
  /** None while a draft has no author yet (the editor's preview); a published article always has one. */
  author: { name: string; slug: string } | null;
  /** The article markup (lib/articles/markup.tsx). */
  body: string;
  /** The closing invitation to respond; plain text, may be empty. */
  invitation: string;
  /** The issue the article belongs to, for the kicker and the byline's date. */
  issue: { date: string; isDemo: boolean };
  /** Where the invitation leads: the responses below on the site; none in a preview, which has no responses. */
  respondHref?: string;
};

/**
 * An article as readers see it: title, standfirst, byline, body and invitation. Plain data in, no reads, so the
 * article page and the editor's preview render the very same thing.
 */
export function ArticleContent({ title, standfirst, author, body, invitation, issue, respondHref }: ArticleContentProps) {
  return (
    <article aria-labelledby="article-title">
      <header>
        <p className="kicker">
          <Link href={paths.issue(issue.date)}>
            Briefing of <IssueDate date={issue.date} />
          </Link>
          <DemoMark isDemo={issue.isDemo} />
        </p>
        <h1 id="article-title">{title}</h1>
        <p className="standfirst">{standfirst}</p>
        <p className="byline">
          {author && (
            <>
              By <Link href={paths.author(author.slug)}>{author.name}</Link>
              {' · '}
            </>
          )}
          <IssueDate date={issue.date} />
        </p>
      </header>
      <div className="article-body">
        <ArticleBody markup={body} />
        {invitation && (
          <div className="invitation">
            <p>{invitation}</p>
            {respondHref && (
              <p className="invitation__action">
                <a href={respondHref}>Respond to this article</a>
              </p>
            )}
          </div>
        )}
      </div>
    </article>
  );
}
