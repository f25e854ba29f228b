import type { Metadata } from 'next';
import Link from '@/components/Link';
import { Arrow } from '@/components/Arrow';
import { DemoMark } from '@/components/DemoMark';
import { IssueDate } from '@/components/IssueDate';
import { notFoundMetadata, notFoundPage } from '@/components/NotFound';
import { formatIssueDate, isIssueDate, yearOf } from '@/lib/issues/dates';
import { getArchivePage, type IssueWithArticles } from '@/lib/issues/queries';
import { ResponseCount } from '@/components/ResponseCount';
import { pageMetadata } from '@/lib/metadata';
import { getResponseCounts } from '@/lib/responses/queries';
import { paths } from '@/lib/site';

// The archive, newest first, a page at a time: /issues is rewritten here as /issues/before/now (next.config.ts),
// and each later page is /issues/before/<date of the last issue shown> — a keyset, so every page costs the same.
export const revalidate = 300;
export const generateStaticParams = () => [];

type Props = { params: Promise<{ cursor: string }> };

/** 'now' (the first page) → null; a date → that date; anything else → undefined (no such page). */
function beforeOf(cursor: string): string | null | undefined {
  if (cursor === 'now') return null;
  return isIssueDate(cursor) ? cursor : undefined;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const before = beforeOf((await params).cursor);
  if (before === undefined) return notFoundMetadata;
  return pageMetadata({
    title: before ? `Archive: issues before ${formatIssueDate(before)}` : 'Archive of every issue',
    description: 'Every issue of the fortnightly briefing, newest first, with its articles.',
    path: paths.archive(before),
  });
}

function byYear(issues: IssueWithArticles[]): [number, IssueWithArticles[]][] {
  const years = new Map<number, IssueWithArticles[]>();
  for (const issue of issues) {
    const year = yearOf(issue.date);
    const group = years.get(year) ?? [];
    if (group.length === 0) years.set(year, group);
    group.push(issue);
  }
  return [...years];
}

export default async function ArchivePage({ params }: Props) {
  const before = beforeOf((await params).cursor);
  if (before === undefined) return notFoundPage();
  const page = await getArchivePage(before);
  if (before && page.issues.length === 0) return notFoundPage();
  const counts = await getResponseCounts(page.issues.flatMap((issue) => issue.articles.map((article) => article.id)));
  return (
    <>
      <h1>
        {before ? (
          <>
            Issues before <IssueDate date={before} />
          </>
        ) : (
          'Archive'
        )}
      </h1>
      {page.issues.length === 0 && <p>No issue has been published yet.</p>}
      {byYear(page.issues).map(([year, issues]) => (
        <section key={year} aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`}>{year}</h2>
          <ul className="issue-list">
            {issues.map((issue) => (
              <li key={issue.date}>
                <h3>
                  <Link href={paths.issue(issue.date)}>
                    <IssueDate date={issue.date} />
                  </Link>
                  <DemoMark isDemo={issue.isDemo} />
                </h3>
                <ul>
                  {issue.articles.map((article) => (
                    <li key={article.slug}>
                      <Link href={paths.article(issue.date, article.slug)}>{article.title}</Link>
                      {' — '}
                      {article.author.name}
                      {counts[article.id] ? (
                        <span className="archive__count">
                          {' · '}
                          <ResponseCount count={counts[article.id]!} />
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <nav className="pager" aria-label="Archive pages">
        <ul>
          {before && (
            <li>
              <Link href={paths.archive()}>
                <Arrow to="back" />
                Newest issues
              </Link>
            </li>
          )}
          {page.older && (
            <li>
              <Link href={paths.archive(page.older)} rel="next">
                Older issues
                <Arrow to="on" />
              </Link>
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}
