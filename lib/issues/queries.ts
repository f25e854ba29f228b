import 'server-only';
import { and, asc, desc, eq, gt, inArray, lt, or } from 'drizzle-orm';
import { unstable_cache } from 'next/cache';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { articles, authors, issues } from '@/db/schema';
import { articleIsPublished, issueIsPublished, readable } from '@/lib/articles/visibility';
import { readTags } from '@/lib/cache/tags';
import { currentArticleAddress, currentIssueDate } from '@/lib/editorial/addresses';
import { formatAuthorCursor, parseAuthorCursor } from './cursors';

/**
 * Reads for the reading site. Each is cached under the tags of what it was made from (lib/cache/tags.ts), which
 * also mark any page rendered from it (see lib/cache/handler.ts), so a write expires exactly the pages that showed
 * what it changed. Only published articles of published issues are shown (lib/articles/visibility.ts). Results are
 * plain JSON (dates as ISO strings) because cached values are stored as JSON.
 *
 * A page names an issue by its date, an article by date and slug, an author by slug; but a tag must be known before
 * its read runs, and writes know ids. So a page first finds the id from its address — one indexed lookup, not
 * cached, made only when the page itself is rendered (a cached page makes none) — then reads by id, cached under
 * that id's tags. The lookup is not cached because its tag would have to be one that any new issue or slug
 * expires, and that tag would then mark, and expire, every page.
 */

export const ARCHIVE_PAGE_SIZE = 50;
export const AUTHOR_PAGE_SIZE = 50;

export type ArticleSummary = {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  author: { slug: string; name: string };
};

export type IssueWithArticles = { date: string; isDemo: boolean; articles: ArticleSummary[] };

const summaryColumns = {
  id: articles.id,
  issueId: articles.issueId,
  slug: articles.slug,
  title: articles.title,
  standfirst: articles.standfirst,
  authorSlug: authors.slug,
  authorName: authors.name,
};

async function articlesOf(issueIds: number[]): Promise<Map<number, ArticleSummary[]>> {
  const byIssue = new Map<number, ArticleSummary[]>(issueIds.map((id) => [id, []]));
  if (issueIds.length === 0) return byIssue;
  const db = await getDb();
  const rows = await db
    .select(summaryColumns)
    .from(articles)
    .innerJoin(authors, eq(authors.id, articles.authorId))
    .where(and(inArray(articles.issueId, issueIds), articleIsPublished))
    .orderBy(asc(articles.issueId), asc(articles.position));
  for (const row of rows) {
    byIssue.get(row.issueId)!.push({
      id: row.id,
      slug: row.slug,
      title: row.title,
      standfirst: row.standfirst,
      author: { slug: row.authorSlug, name: row.authorName },
    });
  }
  return byIssue;
}

/** The id of the published issue on `date`, or of the newest. Shared by a page and its metadata (React's cache). */
const locateIssue = cache(async (date: string | 'latest'): Promise<number | null> => {
  const db = await getDb();
  const [issue] = await db
    .select({ id: issues.id })
    .from(issues)
    .where(date === 'latest' ? issueIsPublished : and(issueIsPublished, eq(issues.date, date)))
    .orderBy(desc(issues.date))
    .limit(1);
  return issue?.id ?? null;
});

async function readIssue(issueId: number): Promise<(IssueWithArticles & { newer?: string; older?: string }) | null> {
  const db = await getDb();
  const [issue] = await db
    .select({ id: issues.id, date: issues.date, isDemo: issues.isDemo })
    .from(issues)
    .where(and(issueIsPublished, eq(issues.id, issueId)));
  if (!issue) return null;
  const [[newer], [older], byIssue] = await Promise.all([
    db
      .select({ date: issues.date })
      .from(issues)
      .where(and(issueIsPublished, gt(issues.date, issue.date)))
      .orderBy(asc(issues.date))
      .limit(1),
    db
      .select({ date: issues.date })
      .from(issues)
      .where(and(issueIsPublished, lt(issues.date, issue.date)))
      .orderBy(desc(issues.date))
      .limit(1),
    articlesOf([issue.id]),
  ]);
  return { date: issue.date, isDemo: issue.isDemo, articles: byIssue.get(issue.id)!, newer: newer?.date, older: older?.date };
}

/** One published issue with its articles: the newest, or the one on `date`. Null when there is none. */
export async function getIssue(date: string | 'latest') {
  const issueId = await locateIssue(date);
  if (issueId === null) return null;
  return unstable_cache(readIssue, ['issue'], { tags: readTags.issue(issueId) })(issueId);
}

export type ArticleView = ArticleSummary & {
  id: number;
  body: string;
  invitation: string;
  responsesNote: string | null;
  responsesMode: 'open' | 'premoderated' | 'closed';
  issue: { date: string; isDemo: boolean; publishedAt: string };
  updatedAt: string;
  /** The issue's other articles, in order, for "also in this issue". */
  siblings: { slug: string; title: string }[];
};

/** Where the published article at `date` and `slug` is: its id and its issue's. */
const locateArticle = cache(async (date: string, slug: string): Promise<{ articleId: number; issueId: number } | null> => {
  const db = await getDb();
  const [place] = await db
    .select({ articleId: articles.id, issueId: articles.issueId })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(readable, eq(issues.date, date), eq(articles.slug, slug)));
  return place ?? null;
});

async function readArticle(articleId: number): Promise<ArticleView | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: articles.id,
      issueId: articles.issueId,
      responsesNote: articles.responsesNote,
      slug: articles.slug,
      title: articles.title,
      standfirst: articles.standfirst,
      body: articles.body,
      invitation: articles.invitation,
      responsesMode: articles.responsesMode,
      updatedAt: articles.updatedAt,
      authorSlug: authors.slug,
      authorName: authors.name,
      issueDate: issues.date,
      isDemo: issues.isDemo,
      publishedAt: issues.publishedAt,
    })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .innerJoin(authors, eq(authors.id, articles.authorId))
    .where(and(readable, eq(articles.id, articleId)));
  if (!row) return null;
  const siblings = await db
    .select({ slug: articles.slug, title: articles.title })
    .from(articles)
    .where(and(eq(articles.issueId, row.issueId), articleIsPublished))
    .orderBy(asc(articles.position));
  return {
    id: row.id,
    responsesNote: row.responsesNote,
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    body: row.body,
    invitation: row.invitation,
    responsesMode: row.responsesMode,
    updatedAt: row.updatedAt.toISOString(),
    author: { slug: row.authorSlug, name: row.authorName },
    issue: { date: row.issueDate, isDemo: row.isDemo, publishedAt: (row.publishedAt ?? new Date(row.issueDate)).toISOString() },
    siblings,
  };
}

/** The published article at `date` and `slug`, with its issue's other articles. Null when there is none. */
export async function getArticle(date: string, slug: string): Promise<ArticleView | null> {
  const place = await locateArticle(date, slug);
  if (!place) return null;
  return unstable_cache(readArticle, ['article'], { tags: readTags.article(place) })(place.articleId);
}

export type GoneArticle = { title: string; unpublishedNote: string | null; issue: { date: string; isDemo: boolean } };

/** Where the unpublished article at `date` and `slug` is (in a published issue). */
const locateGoneArticle = cache(async (date: string, slug: string): Promise<{ articleId: number; issueId: number } | null> => {
  const db = await getDb();
  const [place] = await db
    .select({ articleId: articles.id, issueId: articles.issueId })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(eq(articles.status, 'unpublished'), issueIsPublished, eq(issues.date, date), eq(articles.slug, slug)));
  return place ?? null;
});

async function readGoneArticle(articleId: number): Promise<GoneArticle | null> {
  const db = await getDb();
  const [row] = await db
    .select({ title: articles.title, unpublishedNote: articles.unpublishedNote, date: issues.date, isDemo: issues.isDemo })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(eq(articles.id, articleId), eq(articles.status, 'unpublished'), issueIsPublished));
  return row ? { title: row.title, unpublishedNote: row.unpublishedNote, issue: { date: row.date, isDemo: row.isDemo } } : null;
}

/**
 * The article at `date` and `slug` when it was unpublished: its title and the editors' note, for the page that
 * answers 410 (lib/articles/gone-addresses.mjs). Cached under the article's tags, so publishing it again shows it.
 */
export async function getGoneArticle(date: string, slug: string): Promise<GoneArticle | null> {
  const place = await locateGoneArticle(date, slug);
  if (!place) return null;
  return unstable_cache(readGoneArticle, ['gone-article'], { tags: readTags.article(place) })(place.articleId);
}

/** Where an old article address (lib/editorial/addresses.ts) leads now; asked only when nothing else is there. */
export const findMovedArticle = cache(async (date: string, slug: string) => currentArticleAddress(await getDb(), date, slug));

/** Where an old issue date leads now; asked only when no published issue has the date. */
export const findMovedIssue = cache(async (date: string) => currentIssueDate(await getDb(), date));

export type ArchivePage = { issues: IssueWithArticles[]; older: string | null };

/** Published issues newest first, a page at a time: those dated before `before` (a keyset on the date index). */
export async function readArchivePage(before: string | null): Promise<ArchivePage> {
  const db = await getDb();
  const rows = await db
    .select({ id: issues.id, date: issues.date, isDemo: issues.isDemo })
    .from(issues)
    .where(before ? and(issueIsPublished, lt(issues.date, before)) : issueIsPublished)
    .orderBy(desc(issues.date))
    .limit(ARCHIVE_PAGE_SIZE + 1);
  const page = rows.slice(0, ARCHIVE_PAGE_SIZE);
  const byIssue = await articlesOf(page.map((issue) => issue.id));
  return {
    issues: page.map((issue) => ({ date: issue.date, isDemo: issue.isDemo, articles: byIssue.get(issue.id)! })),
    older: rows.length > ARCHIVE_PAGE_SIZE ? page.at(-1)!.date : null,
  };
}

/** readArchivePage, cached; `npm run bench` times the uncached read. */
export const getArchivePage = unstable_cache(readArchivePage, ['archive'], { tags: readTags.archivePage() });

export type AuthorPage = {
  /** `bio`: plain text, paragraphs separated by blank lines; may be empty. */
  author: { slug: string; name: string; bio: string };
  articles: { date: string; slug: string; title: string; standfirst: string }[];
  /** Cursor for the next page: the last article's issue date and id. */
  older: string | null;
};

/** The id of the author whose address is `slug`. */
const locateAuthor = cache(async (slug: string): Promise<number | null> => {
  const db = await getDb();
  const [author] = await db.select({ id: authors.id }).from(authors).where(eq(authors.slug, slug));
  return author?.id ?? null;
});

async function readAuthorPage(authorId: number, cursor: string | null): Promise<AuthorPage | null> {
  const db = await getDb();
  const [author] = await db
    .select({ slug: authors.slug, name: authors.name, bio: authors.bio })
    .from(authors)
    .where(eq(authors.id, authorId));
  if (!author) return null;
  const after = parseAuthorCursor(cursor);
  const rows = await db
    .select({ id: articles.id, date: issues.date, slug: articles.slug, title: articles.title, standfirst: articles.standfirst })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(
      and(
        eq(articles.authorId, authorId),
        readable,
        after ? or(lt(issues.date, after.date), and(eq(issues.date, after.date), lt(articles.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(issues.date), desc(articles.id))
    .limit(AUTHOR_PAGE_SIZE + 1);
  // An author with nothing published (only drafts, say) has no public page.
  if (rows.length === 0 && !after) return null;
  const page = rows.slice(0, AUTHOR_PAGE_SIZE);
  const last = page.at(-1);
  return {
    author,
    articles: page.map(({ date, slug, title, standfirst }) => ({ date, slug, title, standfirst })),
    older: rows.length > AUTHOR_PAGE_SIZE && last ? formatAuthorCursor(last) : null,
  };
}

/** An author and their published articles, newest first, a page at a time (keyset on issue date, then id). */
export async function getAuthorPage(slug: string, cursor: string | null): Promise<AuthorPage | null> {
  const authorId = await locateAuthor(slug);
  if (authorId === null) return null;
  return unstable_cache(readAuthorPage, ['author'], { tags: readTags.authorPage(authorId) })(authorId, cursor);
}

/** Every published issue and article, for the sitemap. */
export const listSitemapEntries = unstable_cache(
  async () => {
    const db = await getDb();
    const rows = await db
      .select({ date: issues.date, slug: articles.slug, updatedAt: articles.updatedAt })
      .from(articles)
      .innerJoin(issues, eq(issues.id, articles.issueId))
      // Demo issues ask search engines not to index them; the sitemap does not offer them either.
      .where(and(readable, eq(issues.isDemo, false)))
      .orderBy(desc(issues.date), asc(articles.position));
    return rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));
  },
  ['sitemap'],
  { tags: readTags.sitemap() },
);

/** The newest articles with their full text, for the feed. */
export const listFeedArticles = unstable_cache(
  async (limit: number) => {
    const db = await getDb();
    const rows = await db
      .select({
        date: issues.date,
        publishedAt: issues.publishedAt,
        slug: articles.slug,
        title: articles.title,
        standfirst: articles.standfirst,
        body: articles.body,
        invitation: articles.invitation,
        authorSlug: authors.slug,
        authorName: authors.name,
      })
      .from(articles)
      .innerJoin(issues, eq(issues.id, articles.issueId))
      .innerJoin(authors, eq(authors.id, articles.authorId))
      .where(readable)
      .orderBy(desc(issues.date), asc(articles.position))
      .limit(limit);
    return rows.map(({ publishedAt, ...row }) => ({ ...row, publishedAt: (publishedAt ?? new Date(row.date)).toISOString() }));
  },
  ['feed'],
  { tags: readTags.feed() },
);
