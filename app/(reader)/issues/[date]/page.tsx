import type { Metadata } from 'next';
import Link from '@/components/Link';
import { permanentRedirect } from 'next/navigation';
import { Arrow } from '@/components/Arrow';
import { ArticleList } from '@/components/ArticleList';
import { DemoMark } from '@/components/DemoMark';
import { IssueDate } from '@/components/IssueDate';
import { notFoundMetadata, notFoundPage } from '@/components/NotFound';
import { formatIssueDate, isIssueDate } from '@/lib/issues/dates';
import { findMovedIssue, getIssue } from '@/lib/issues/queries';
import { pageMetadata } from '@/lib/metadata';
import { getResponseCounts } from '@/lib/responses/queries';
import { paths, siteName, truncate } from '@/lib/site';

// `/` is rewritten here as /issues/latest (see next.config.ts): the home page is the newest issue.
export const revalidate = 300;
export const generateStaticParams = () => [];

type Props = { params: Promise<{ date: string }> };

async function load(date: string) {
  return date === 'latest' || isIssueDate(date) ? getIssue(date) : null;
}

/** An old date of an issue (lib/editorial/addresses.ts) redirects, 308, to its date now; asked by the page only. */
async function redirectIfMoved(date: string): Promise<void> {
  const moved = isIssueDate(date) ? await findMovedIssue(date) : null;
  if (moved) permanentRedirect(paths.issue(moved));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { date } = await params;
  const issue = await load(date);
  if (!issue)
    return date === 'latest'
      ? pageMetadata({ title: siteName(), absoluteTitle: true, description: 'No issue yet.', path: paths.home })
      : notFoundMetadata;
  const isHome = date === 'latest';
  const title = `Issue of ${formatIssueDate(issue.date)}`;
  const description = truncate(issue.articles.map((article) => article.title).join(' · '));
  return pageMetadata({
    title: isHome ? `${siteName()} — latest issue, ${formatIssueDate(issue.date)}` : title,
    absoluteTitle: isHome,
    description,
    path: isHome ? paths.home : paths.issue(issue.date),
    noIndex: issue.isDemo,
  });
}

export default async function IssuePage({ params }: Props) {
  const { date } = await params;
  const issue = await load(date);
  if (!issue && date === 'latest') return <NothingPublished />;
  if (!issue) {
    await redirectIfMoved(date);
    return notFoundPage();
  }
  const counts = await getResponseCounts(issue.articles.map((article) => article.id));
  const isHome = date === 'latest';
  return (
    <>
      <p className="kicker">{isHome ? 'Latest issue' : 'Fortnightly briefing'}</p>
      <h1>
        <IssueDate date={issue.date} />
        <DemoMark isDemo={issue.isDemo} />
      </h1>
      <ArticleList date={issue.date} articles={issue.articles} counts={counts} />
      <nav className="pager" aria-label="Issues">
        <ul>
          {issue.older && (
            <li>
              <Link href={paths.issue(issue.older)} rel="prev">
                <Arrow to="back" />
                Previous issue, <IssueDate date={issue.older} />
              </Link>
            </li>
          )}
          {issue.newer && (
            <li>
              <Link href={paths.issue(issue.newer)} rel="next">
                Next issue, <IssueDate date={issue.newer} />
                <Arrow to="on" />
              </Link>
            </li>
          )}
          {!issue.older && !issue.newer && (
            <li>
              <Link href={paths.archive()}>Browse the archive</Link>
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}

/** The home page of a site that has not published anything yet: not an error. */
function NothingPublished() {
  return (
    <>
      <h1>{siteName()}</h1>
      <p>No issue has been published yet. The first one will appear here.</p>
    </>
  );
}
