import 'server-only';
import { asc, desc, eq, lt, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { articles, authors, issues, responses, sends, type ArticleStatus, type IssueStatus, type SendState } from '@/db/schema';
import { staffQuery } from '@/lib/auth/staff-query';
import { isIssueDate } from '@/lib/issues/dates';
import { AUTHOR_ID, authorHasPublished } from './authors';

/**
 * What the editorial admin reads: every issue whatever its state, one issue with its articles in order, and the
 * authors. Never cached (staff see the latest); each checks 'edit-issues' itself.
 */

export const EDITORIAL_PAGE_SIZE = 25;

export type EditorialIssue = {
  id: number;
  date: string;
  number: number | null;
  status: IssueStatus;
  scheduledFor: Date | null;
  articles: number;
  send: { state: SendState; scheduledFor: Date | null; finishedAt: Date | null } | null;
};

/** Every issue, newest first, a page at a time by keyset on the date (index issues_date_desc). */
export const readEditorialIssues = staffQuery(
  'edit-issues',
  async (before: string | null): Promise<{ issues: EditorialIssue[]; next: string | null }> => {
    const db = await getDb();
    const rows = await db
      .select({
        id: issues.id,
        date: issues.date,
        number: issues.number,
        status: issues.status,
        scheduledFor: issues.scheduledFor,
        articles: sql<number>`(select count(*)::int from ${articles} where ${articles.issueId} = ${issues.id})`,
        sendState: sends.state,
        sendScheduledFor: sends.scheduledFor,
        sendFinishedAt: sends.finishedAt,
      })
      .from(issues)
      .leftJoin(sends, eq(sends.issueId, issues.id))
      .where(before && isIssueDate(before) ? lt(issues.date, before) : undefined)
      .orderBy(desc(issues.date))
      .limit(EDITORIAL_PAGE_SIZE + 1);
    const page = rows.slice(0, EDITORIAL_PAGE_SIZE).map(({ sendState, sendScheduledFor, sendFinishedAt, ...issue }) => ({
      ...issue,
      send: sendState === null ? null : { state: sendState, scheduledFor: sendScheduledFor, finishedAt: sendFinishedAt },
    }));
    return { issues: page, next: rows.length > EDITORIAL_PAGE_SIZE ? page.at(-1)!.date : null };
  },
);

export type IssueArticle = {
  id: number;
  title: string;
  slug: string;
  status: ArticleStatus;
  position: number;
  author: string | null;
  responses: number;
  /** Removable: a draft never published and without responses (removeArticle's rule; the rest are unpublished). */
  removable: boolean;
};

export type IssueForEditing = {
  issue: { id: number; date: string; number: number | null; summary: string; status: IssueStatus; scheduledFor: Date | null };
  articles: IssueArticle[];
};

/** The issue at `date` with its articles in order (their author and how many responses each has); null if none. */
export const readIssueForEditing = staffQuery('edit-issues', async (date: string): Promise<IssueForEditing | null> => {
  if (!isIssueDate(date)) return null;
  const db = await getDb();
  const [issue] = await db
    .select({
      id: issues.id,
      date: issues.date,
      number: issues.number,
      summary: issues.summary,
      status: issues.status,
      scheduledFor: issues.scheduledFor,
    })
    .from(issues)
    .where(eq(issues.date, date));
  if (!issue) return null;
  const rows = await db
    .select({
      id: articles.id,
      title: articles.title,
      slug: articles.slug,
      status: articles.status,
      position: articles.position,
      author: authors.name,
      responses: sql<number>`(select count(*)::int from ${responses} where ${responses.articleId} = ${articles.id})`,
      publishedAt: articles.publishedAt,
    })
    .from(articles)
    .leftJoin(authors, eq(authors.id, articles.authorId))
    .where(eq(articles.issueId, issue.id))
    .orderBy(asc(articles.position), asc(articles.id));
  return {
    issue,
    articles: rows.map(({ publishedAt, ...article }) => ({
      ...article,
      removable: article.status === 'draft' && publishedAt === null && article.responses === 0,
    })),
  };
});

export type AuthorListed = { id: number; name: string; slug: string; articles: number };

/** Authors, newest first, a page at a time by keyset on the id (the primary key's index). */
export const readAuthorList = staffQuery(
  'edit-issues',
  async (before: number | null): Promise<{ authors: AuthorListed[]; next: number | null }> => {
    const db = await getDb();
    const rows = await db
      .select({
        id: authors.id,
        name: authors.name,
        slug: authors.slug,
        articles: sql<number>`(select count(*)::int from ${articles} where ${articles.authorId} = ${authors.id})`,
      })
      .from(authors)
      .where(before === null ? undefined : lt(authors.id, before))
      .orderBy(desc(authors.id))
      .limit(EDITORIAL_PAGE_SIZE + 1);
    const page = rows.slice(0, EDITORIAL_PAGE_SIZE);
    return { authors: page, next: rows.length > EDITORIAL_PAGE_SIZE ? page.at(-1)!.id : null };
  },
);

export type AuthorForEditing = { id: number; name: string; slug: string; bio: string; published: boolean };

/** One author, and whether a published article of theirs fixes their address; null if none. */
export const readAuthorForEditing = staffQuery('edit-issues', async (authorId: number): Promise<AuthorForEditing | null> => {
  const db = await getDb();
  const [author] = await db
    .select({
      id: authors.id,
      name: authors.name,
      slug: authors.slug,
      bio: authors.bio,
      published: authorHasPublished(AUTHOR_ID),
    })
    .from(authors)
    .where(eq(authors.id, authorId));
  return author ?? null;
});
