import 'server-only';
import { and, asc, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { unstable_cache } from 'next/cache';
import { getDb, type Db } from '@/db/client';
import { appeals, articles, issues, responses, users, type ResponseStatus } from '@/db/schema';
import { articleIsPublished, issueIsPublished } from '@/lib/articles/visibility';
import { readTags } from '@/lib/cache/tags';

/**
 * Reads of responses. What every reader sees (threads, counts) is cached under the article's responses tag, which
 * every post, edit and removal expires. What one reader sees of their own (account, edit pages) is read fresh.
 * Columns are listed explicitly: an author's email never leaves the database.
 */

export const THREADS_PAGE_SIZE = 50;
export type ThreadOrder = 'oldest' | 'newest';

export type ResponseView = {
  id: number;
  /** Null when the author deleted their account: "a former reader". */
  author: { name: string; affiliation: string | null } | null;
  /** Null when the response is not published (kept in place because published replies hang on it). */
  body: string | null;
  /** Why there is no body: removed by its author, removed or rejected by staff, or held for review. */
  hiddenBecause: 'author' | 'staff' | 'review' | null;
  /** Written by staff: shown with a badge. */
  staff: boolean;
  /** Chosen by the moderators: shown first, with a mark. */
  featured: boolean;
  createdAt: string;
  editedAt: string | null;
  /** For a reply answering another reply rather than the thread's first response. */
  replyTo: { id: number; name: string | null } | null;
};

export type Thread = ResponseView & { replies: ResponseView[] };
export type ThreadPage = {
  threads: Thread[];
  /** Threads in all (for paging and the choice of order). */
  total: number;
  /** The article's response count, as every page states it (see countPublished). */
  count: number;
  next: number | null;
};

const replyTo = alias(responses, 'reply_to');
const replyToAuthor = alias(users, 'reply_to_author');

const viewColumns = {
  id: responses.id,
  status: responses.status,
  body: responses.body,
  removedBy: responses.removedBy,
  featured: responses.featured,
  authorRole: users.role,
  createdAt: responses.createdAt,
  editedAt: responses.editedAt,
  parentId: responses.parentId,
  authorName: users.displayName,
  authorAffiliation: users.affiliation,
  authorId: responses.authorId,
  replyToId: responses.replyToId,
  replyToName: replyToAuthor.displayName,
};

type Row = { [K in keyof typeof viewColumns]: unknown } & {
  id: number;
  status: ResponseStatus;
  body: string;
  removedBy: 'author' | 'staff' | null;
  featured: boolean;
  authorRole: string | null;
  createdAt: Date;
  editedAt: Date | null;
  parentId: number | null;
  authorName: string | null;
  authorAffiliation: string | null;
  authorId: string | null;
  replyToId: number | null;
  replyToName: string | null;
};

function hiddenBecause(row: Row): ResponseView['hiddenBecause'] {
  if (row.status === 'published') return null;
  if (row.status === 'removed') return row.removedBy ?? 'staff';
  return row.status === 'rejected' ? 'staff' : 'review';
}

function toView(row: Row): ResponseView {
  const hidden = hiddenBecause(row);
  return {
    id: row.id,
    author: row.authorId ? { name: row.authorName ?? 'A reader', affiliation: row.authorAffiliation } : null,
    body: hidden ? null : row.body,
    hiddenBecause: hidden,
    staff: row.authorRole !== null && row.authorRole !== 'reader',
    featured: row.featured && !hidden,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    replyTo: row.replyToId && row.replyToId !== row.parentId ? { id: row.replyToId, name: row.replyToName } : null,
  };
}

/** Responses with their author's public name and whom they answer. (A query builder: do not await it unfinished.) */
function selectViews(db: Db) {
  return db
    .select(viewColumns)
    .from(responses)
    .leftJoin(users, eq(users.id, responses.authorId))
    .leftJoin(replyTo, eq(replyTo.id, responses.replyToId))
    .leftJoin(replyToAuthor, eq(replyToAuthor.id, replyTo.authorId));
}

/**
 * A thread starts with a published response, or one no longer published (removed, rejected, held after reports)
 * that published replies still hang on: it stays in place, saying why it is not shown.
 */
const visibleThreadStart = or(
  eq(responses.status, 'published'),
  // "responses"."id" in full: where this runs alone on the table (the count), Drizzle would leave the table out.
  sql`exists (select 1 from responses as child where child.parent_id = "responses"."id" and child.status = 'published')`,
);

/** Featured threads come first on the first page, so the keyset walks the others. */
const featuredStart = and(eq(responses.featured, true), eq(responses.status, 'published'));
const MAX_FEATURED_SHOWN = 10;

/**
 * One page of an article's threads, each with all its published replies (oldest first). Keyset on the response id,
 * which follows creation order: `cursor` is the last thread shown; `oldest` walks up from it, `newest` down. The
 * first page starts with the featured threads (a few at most), which the keyset then leaves out.
 */
export async function readThreads(articleId: number, order: ThreadOrder, cursor: number | null): Promise<ThreadPage> {
  const db = await getDb();
  const starts = and(eq(responses.articleId, articleId), sql`${responses.parentId} is null`, visibleThreadStart);
  const after = cursor === null ? undefined : order === 'oldest' ? gt(responses.id, cursor) : lt(responses.id, cursor);
  const [featured, rows, [{ total } = { total: 0 }], counts] = await Promise.all([
    cursor === null
      ? (selectViews(db).where(and(starts, featuredStart)).orderBy(asc(responses.id)).limit(MAX_FEATURED_SHOWN) as Promise<Row[]>)
      : [],
    selectViews(db)
      .where(and(starts, sql`not (${featuredStart})`, after))
      .orderBy(order === 'oldest' ? asc(responses.id) : desc(responses.id))
      .limit(THREADS_PAGE_SIZE + 1) as Promise<Row[]>,
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(responses)
      .where(starts),
    countPublished(db, [articleId]),
  ]);
  const keyset = rows.slice(0, THREADS_PAGE_SIZE);
  const page = [...featured, ...keyset];
  const replies = page.length
    ? ((await selectViews(db)
        .where(
          and(
            inArray(
              responses.parentId,
              page.map((row) => row.id),
            ),
            eq(responses.status, 'published'),
          ),
        )
        .orderBy(asc(responses.id))) as Row[])
    : [];
  const byThread = new Map<number, ResponseView[]>();
  for (const reply of replies) byThread.set(reply.parentId!, [...(byThread.get(reply.parentId!) ?? []), toView(reply)]);
  return {
    threads: page.map((row) => ({ ...toView(row), replies: byThread.get(row.id) ?? [] })),
    total,
    count: counts[articleId] ?? 0,
    next: rows.length > THREADS_PAGE_SIZE ? keyset.at(-1)!.id : null,
  };
}

export function getThreads(articleId: number, order: ThreadOrder, cursor: number | null): Promise<ThreadPage> {
  return unstable_cache(readThreads, ['threads'], { tags: readTags.threads(articleId) })(articleId, order, cursor);
}

/**
 * The one definition of how many responses an article has, wherever a count is shown (issue and archive pages, the
 * heading under the article): its published responses, replies included — every response a reader can read there.
 * A first response kept in place only for its replies (removed, rejected, held) is not one: nothing of it shows.
 */
async function countPublished(db: Db, articleIds: number[]): Promise<Record<number, number>> {
  if (articleIds.length === 0) return {};
  const rows = await db
    .select({ articleId: responses.articleId, count: sql<number>`count(*)::int` })
    .from(responses)
    .where(and(inArray(responses.articleId, articleIds), eq(responses.status, 'published')))
    .groupBy(responses.articleId);
  return Object.fromEntries(rows.map((row) => [row.articleId, row.count]));
}

/** Response counts per article, for issue and archive pages (the same number the article's heading shows). */
export async function readResponseCounts(articleIds: number[]): Promise<Record<number, number>> {
  return countPublished(await getDb(), articleIds);
}

export const getResponseCounts = unstable_cache(readResponseCounts, ['response-counts'], { tags: readTags.responseCounts() });

/** One response with where it stands, for its own pages (reply, edit, receipt). Fresh, not cached. */
export async function readResponse(id: number) {
  const db = await getDb();
  const [row] = await db
    .select({
      id: responses.id,
      articleId: responses.articleId,
      authorId: responses.authorId,
      parentId: responses.parentId,
      status: responses.status,
      body: responses.body,
      createdAt: responses.createdAt,
      editedAt: responses.editedAt,
      heldFor: responses.heldFor,
      rejectionReason: responses.rejectionReason,
      rejectionNote: responses.rejectionNote,
      appeal: { note: appeals.note, createdAt: appeals.createdAt, outcome: appeals.outcome },
      authorName: users.displayName,
      authorAffiliation: users.affiliation,
      articleTitle: articles.title,
      articleSlug: articles.slug,
      responsesMode: articles.responsesMode,
      issueDate: issues.date,
    })
    .from(responses)
    .innerJoin(articles, and(eq(articles.id, responses.articleId), articleIsPublished))
    .innerJoin(issues, and(eq(issues.id, articles.issueId), issueIsPublished))
    .leftJoin(users, eq(users.id, responses.authorId))
    .leftJoin(appeals, eq(appeals.responseId, responses.id))
    .where(eq(responses.id, id));
  return row ?? null;
}

export type OwnResponse = {
  id: number;
  status: ResponseStatus;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  article: { title: string; slug: string; date: string };
};

/** A reader's own responses, newest first, a page at a time (keyset on id). */
export async function readOwnResponses(userId: string, before: number | null, limit = 50): Promise<OwnResponse[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: responses.id,
      status: responses.status,
      body: responses.body,
      createdAt: responses.createdAt,
      editedAt: responses.editedAt,
      title: articles.title,
      slug: articles.slug,
      date: issues.date,
    })
    .from(responses)
    .innerJoin(articles, eq(articles.id, responses.articleId))
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(eq(responses.authorId, userId), before === null ? undefined : lt(responses.id, before)))
    .orderBy(desc(responses.id))
    .limit(limit);
  return rows.map(({ title, slug, date, ...row }) => ({ ...row, article: { title, slug, date } }));
}
