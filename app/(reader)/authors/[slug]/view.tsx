import type { Metadata } from 'next';
import Link from '@/components/Link';
import { Arrow } from '@/components/Arrow';
import { AuthorBio } from '@/components/AuthorBio';
import { IssueDate } from '@/components/IssueDate';
import { notFoundMetadata } from '@/components/NotFound';
import { parseAuthorCursor } from '@/lib/issues/cursors';
import { getAuthorPage, type AuthorPage } from '@/lib/issues/queries';
import { SLUG_PATTERN } from '@/lib/issues/slug';
import { pageMetadata } from '@/lib/metadata';
import { paths } from '@/lib/site';

/** Shared by /authors/<slug> (first page) and /authors/<slug>/before/<cursor> (later pages); null: no such page. */
export async function loadAuthorPage(slug: string, cursor: string | null): Promise<AuthorPage | null> {
  if (!SLUG_PATTERN.test(slug) || (cursor !== null && !parseAuthorCursor(cursor))) return null;
  const page = await getAuthorPage(slug, cursor);
  return !page || (cursor && page.articles.length === 0) ? null : page;
}

export function authorMetadata(page: AuthorPage | null, cursor: string | null): Metadata {
  if (!page) return notFoundMetadata;
  const { name, slug } = page.author;
  const count = page.articles.length;
  return pageMetadata({
    title: cursor ? `${name}: earlier articles` : name,
    description: `Articles by ${name} in the fortnightly briefing${count ? `, most recently “${page.articles[0]!.title}”` : ''}.`,
    path: paths.author(slug, cursor),
    openGraph: { type: 'profile' },
  });
}

export function AuthorView({ page, cursor }: { page: AuthorPage; cursor: string | null }) {
  const { name, slug } = page.author;
  return (
    <>
      <p className="kicker">Author</p>
      <h1>{name}</h1>
      {!cursor && <AuthorBio bio={page.author.bio} />}
      <h2>{cursor ? 'Earlier articles' : 'Articles'}</h2>
      <ul className="article-list">
        {page.articles.map((article) => (
          <li key={`${article.date}/${article.slug}`}>
            <h3>
              <Link href={paths.article(article.date, article.slug)}>{article.title}</Link>
            </h3>
            <p className="standfirst">{article.standfirst}</p>
            <p className="byline">
              <IssueDate date={article.date} />
            </p>
          </li>
        ))}
      </ul>
      <nav className="pager" aria-label="Pages of articles">
        <ul>
          {cursor && (
            <li>
              <Link href={paths.author(slug)}>
                <Arrow to="back" />
                Latest articles
              </Link>
            </li>
          )}
          {page.older && (
            <li>
              <Link href={paths.author(slug, page.older)} rel="next">
                Earlier articles
                <Arrow to="on" />
              </Link>
            </li>
          )}
        </ul>
      </nav>
    </>
  );
}
