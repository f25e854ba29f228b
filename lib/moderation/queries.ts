import 'server-only';
import { and, asc, desc, eq, gt, ilike, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '@/db/client';
import { appeals, articles, issues, moderationLog, reports, responses, users, type ResponseStatus, type UserRole } from '@/db/schema';
import { emailSearchForms } from '@/lib/accounts/email-address';
import { isSanctioned } from '@/lib/auth/session';
import { paths } from '@/lib/site';
import { staffQuery } from '@/lib/auth/staff-query';
import { countsTowardHiding } from './counted-reports';
import type { LogAction } from './log';
import { readModerationSettings, type StoredSettings } from './settings';

/**
 * What staff read: the queue, the log, the people. Never cached (each is one moderator's working view, and must
 * be current), and each is a staffQuery: it checks the viewer's permission itself. Lists are paged by keyset on
 * response or entry id.
 */

export const QUEUE_PAGE_SIZE = 20;
export const LOG_PAGE_SIZE = 50;
export const PEOPLE_PAGE_SIZE = 50;

export const QUEUE_TABS = ['pending', 'reported', 'rejected', 'appeals', 'all'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

export type QueueItem = {
  id: number;
  status: ResponseStatus;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  heldFor: string | null;
  rejectionReason: string | null;
  rejectionNote: string | null;
  featured: boolean;
  isReply: boolean;
  article: { id: number; title: string; path: string };
  /** The response it answers, for context. */
  answers: { id: number; authorName: string | null; body: string } | null;
  author: {
    id: string;
    name: string | null;
    email: string;
    role: UserRole;
    joinedAt: Date;
    suspendedUntil: Date | null;
    banned: boolean;
    /** Banned, or suspended until a time still to come. */
    sanctioned: boolean;
    record: { approved: number; rejected: number; reported: number };
  } | null;
  /**
   * Open reports, by reason, with the notes readers gave; `uncounted` of them do not count toward hiding the
   * response (their reporters were new, or had nothing published: see countsTowardHiding).
   */
  reports: { reason: string; count: number; uncounted: number; notes: string[] }[];
  appeal: { id: number; note: string; createdAt: Date; decidedAt: Date | null; outcome: string | null } | null;
};

// Spelled out in full: inside a select list Drizzle writes columns without their table, and in these subqueries
// a bare "id" would be the subquery's own.
const RESPONSE_ID = sql.raw('"responses"."id"');
const openReport = sql`exists (select 1 from reports where reports.response_id = ${RESPONSE_ID} and reports.resolved_at is null)`;
const anyReport = sql`exists (select 1 from reports where reports.response_id = ${RESPONSE_ID})`;
const openAppeal = sql`exists (select 1 from appeals where appeals.response_id = ${RESPONSE_ID} and appeals.decided_at is null)`;

function tabCondition(tab: QueueTab): SQL | undefined {
  switch (tab) {
    case 'pending':
      return eq(responses.status, 'pending');
    case 'reported':
      return and(inArray(responses.status, ['published', 'pending']), openReport);
    case 'rejected':
      return eq(responses.status, 'rejected');
    case 'appeals':
      return openAppeal;
    case 'all':
      return undefined;
  }
}

/** Waiting work is read oldest first (first come, first served); the record newest first. */
export function tabOrder(tab: QueueTab): 'oldest' | 'newest' {
  return tab === 'rejected' || tab === 'all' ? 'newest' : 'oldest';
}

/** How many responses each tab holds (for one article, or all). */
export const readQueueCounts = staffQuery('moderate-responses', async (articleId: number | null): Promise<Record<QueueTab, number>> => {
  const db = await getDb();
  const onArticle = articleId === null ? undefined : eq(responses.articleId, articleId);
  const counted = (tab: QueueTab) => sql<number>`count(*) filter (where ${tabCondition(tab) ?? sql`true`})::int`;
  const [row] = await db
    .select({
      pending: counted('pending'),
      reported: counted('reported'),
      rejected: counted('rejected'),
      appeals: counted('appeals'),
      all: sql<number>`count(*)::int`,
    })
    .from(responses)
    .where(onArticle);
  return row ?? { pending: 0, reported: 0, rejected: 0, appeals: 0, all: 0 };
});

const answered = alias(responses, 'answered');
const answeredAuthor = alias(users, 'answered_author');

/** One page of a tab: responses with their context, the author's record, and what put them there. */
export const readQueue = staffQuery(
  'moderate-responses',
  async (options: {
    tab: QueueTab;
    articleId: number | null;
    cursor: number | null;
  }): Promise<{ items: QueueItem[]; next: number | null }> => {
    const db = await getDb();
    const order = tabOrder(options.tab);
    const after =
      options.cursor === null ? undefined : order === 'oldest' ? gt(responses.id, options.cursor) : lt(responses.id, options.cursor);
    const rows = await db
      .select({
        id: responses.id,
        status: responses.status,
        body: responses.body,
        createdAt: responses.createdAt,
        editedAt: responses.editedAt,
        heldFor: responses.heldFor,
        rejectionReason: responses.rejectionReason,
        rejectionNote: responses.rejectionNote,
        featured: responses.featured,
        parentId: responses.parentId,
        articleId: articles.id,
        articleTitle: articles.title,
        articleSlug: articles.slug,
        issueDate: issues.date,
        answeredId: answered.id,
        answeredBody: answered.body,
        answeredAuthorName: answeredAuthor.displayName,
        authorId: users.id,
        authorName: users.displayName,
        authorEmail: users.email,
        authorRole: users.role,
        authorJoinedAt: users.createdAt,
        authorSuspendedUntil: users.suspendedUntil,
        authorBanned: users.banned,
      })
      .from(responses)
      .innerJoin(articles, eq(articles.id, responses.articleId))
      .innerJoin(issues, eq(issues.id, articles.issueId))
      .leftJoin(users, eq(users.id, responses.authorId))
      .leftJoin(answered, eq(answered.id, sql`coalesce(${responses.replyToId}, ${responses.parentId})`))
      .leftJoin(answeredAuthor, eq(answeredAuthor.id, answered.authorId))
      .where(and(tabCondition(options.tab), options.articleId === null ? undefined : eq(responses.articleId, options.articleId), after))
      .orderBy(order === 'oldest' ? asc(responses.id) : desc(responses.id))
      .limit(QUEUE_PAGE_SIZE + 1);
    const page = rows.slice(0, QUEUE_PAGE_SIZE);
    const ids = page.map((row) => row.id);
    const authorIds = [...new Set(page.flatMap((row) => (row.authorId ? [row.authorId] : [])))];

    const [records, reportRows, appealRows] = ids.length
      ? await Promise.all([
          authorIds.length
            ? db
                .select({
                  authorId: responses.authorId,
                  approved: sql<number>`count(*) filter (where ${responses.status} = 'published')::int`,
                  rejected: sql<number>`count(*) filter (where ${responses.status} = 'rejected')::int`,
                  reported: sql<number>`count(*) filter (where ${anyReport})::int`,
                })
                .from(responses)
                .where(inArray(responses.authorId, authorIds))
                .groupBy(responses.authorId)
            : [],
          db
            .select({
              responseId: reports.responseId,
              reason: reports.reason,
              count: sql<number>`count(*)::int`,
              uncounted: sql<number>`(count(*) filter (where not ${countsTowardHiding}))::int`,
              notes: sql<
                string[]
              >`coalesce(array_agg(${reports.note} order by ${reports.id}) filter (where ${reports.note} is not null), '{}')`,
            })
            .from(reports)
            .where(and(inArray(reports.responseId, ids), isNull(reports.resolvedAt)))
            .groupBy(reports.responseId, reports.reason),
          db
            .select({
              id: appeals.id,
              responseId: appeals.responseId,
              note: appeals.note,
              createdAt: appeals.createdAt,
              decidedAt: appeals.decidedAt,
              outcome: appeals.outcome,
            })
            .from(appeals)
            .where(inArray(appeals.responseId, ids)),
        ])
      : [[], [], []];

    const recordOf = new Map(records.map((record) => [record.authorId, record]));
    const items = page.map((row): QueueItem => ({
      id: row.id,
      status: row.status,
      body: row.body,
      createdAt: row.createdAt,
      editedAt: row.editedAt,
      heldFor: row.heldFor,
      rejectionReason: row.rejectionReason,
      rejectionNote: row.rejectionNote,
      featured: row.featured,
      isReply: row.parentId !== null,
      article: { id: row.articleId, title: row.articleTitle, path: paths.article(row.issueDate, row.articleSlug) },
      answers: row.answeredId ? { id: row.answeredId, authorName: row.answeredAuthorName, body: row.answeredBody ?? '' } : null,
      author: row.authorId
        ? {
            id: row.authorId,
            name: row.authorName,
            email: row.authorEmail!,
            role: row.authorRole!,
            joinedAt: row.authorJoinedAt!,
            suspendedUntil: row.authorSuspendedUntil,
            banned: row.authorBanned ?? false,
            sanctioned: isSanctioned({ banned: row.authorBanned ?? false, suspendedUntil: row.authorSuspendedUntil }),
            record: {
              approved: recordOf.get(row.authorId)?.approved ?? 0,
              rejected: recordOf.get(row.authorId)?.rejected ?? 0,
              reported: recordOf.get(row.authorId)?.reported ?? 0,
            },
          }
        : null,
      reports: reportRows
        .filter((report) => report.responseId === row.id)
        .map(({ reason, count, uncounted, notes }) => ({ reason, count, uncounted, notes }))
        .sort((a, b) => b.count - a.count),
      appeal: appealRows.find((appeal) => appeal.responseId === row.id) ?? null,
    }));
    return { items, next: rows.length > QUEUE_PAGE_SIZE ? page.at(-1)!.id : null };
  },
);

export type ArticleChoice = { id: number; title: string; date: string; mode: string; path: string };

export const ARTICLE_CHOICES = 300;

/**
 * The latest articles, newest issue first: what the queue and the log can be filtered by (and whose responses
 * setting the queue can switch). Older ones stay reachable by their id in the address (?article=).
 */
export const readArticleChoices = staffQuery('moderate-responses', async (): Promise<ArticleChoice[]> => {
  const db = await getDb();
  const rows = await db
    .select({ id: articles.id, title: articles.title, date: issues.date, mode: articles.responsesMode, slug: articles.slug })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .orderBy(desc(issues.date), asc(articles.position))
    .limit(ARTICLE_CHOICES);
  return rows.map(({ slug, ...row }) => ({ ...row, path: paths.article(row.date, slug) }));
});

/** One article with its responses mode, for the switch on the queue page. */
export const readArticleModeration = staffQuery('moderate-responses', async (articleId: number) => {
  const db = await getDb();
  const [row] = await db
    .select({ id: articles.id, title: articles.title, mode: articles.responsesMode, note: articles.responsesNote })
    .from(articles)
    .where(eq(articles.id, articleId));
  return row ?? null;
});

export type LogFilters = { actorId?: string; action?: LogAction; subjectEmail?: string; articleId?: number; text?: string };

export type LogRow = typeof moderationLog.$inferSelect & {
  subjectName: string | null;
  subjectEmail: string | null;
  articleTitle: string | null;
};

const subject = alias(users, 'subject');

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** The log, newest first, filtered and searched; keyset on entry id. */
export const readLog = staffQuery(
  'moderate-responses',
  async (filters: LogFilters, before: number | null): Promise<{ entries: LogRow[]; next: number | null }> => {
    const db = await getDb();
    const text = filters.text?.trim();
    const pattern = text ? `%${escapeLike(text)}%` : null;
    const rows = await db
      .select({
        entry: moderationLog,
        subjectName: subject.displayName,
        subjectEmail: subject.email,
        articleTitle: articles.title,
      })
      .from(moderationLog)
      .leftJoin(subject, eq(subject.id, moderationLog.subjectId))
      .leftJoin(articles, eq(articles.id, moderationLog.articleId))
      .where(
        and(
          filters.actorId ? eq(moderationLog.actorId, filters.actorId) : undefined,
          filters.action ? eq(moderationLog.action, filters.action) : undefined,
          filters.subjectEmail ? eq(subject.email, filters.subjectEmail.trim().toLowerCase()) : undefined,
          filters.articleId ? eq(moderationLog.articleId, filters.articleId) : undefined,
          pattern
            ? or(
                ilike(moderationLog.actorName, pattern),
                ilike(moderationLog.reason, pattern),
                ilike(moderationLog.targetId, pattern),
                ilike(subject.displayName, pattern),
                ilike(subject.email, pattern),
                ilike(articles.title, pattern),
                sql`${moderationLog.before}::text ilike ${pattern}`,
                sql`${moderationLog.after}::text ilike ${pattern}`,
              )
            : undefined,
          before === null ? undefined : lt(moderationLog.id, before),
        ),
      )
      .orderBy(desc(moderationLog.id))
      .limit(LOG_PAGE_SIZE + 1);
    const entries = rows.slice(0, LOG_PAGE_SIZE).map(({ entry, ...rest }) => ({ ...entry, ...rest }));
    return { entries, next: rows.length > LOG_PAGE_SIZE ? entries.at(-1)!.id : null };
  },
);

/** Everyone who has acted as staff (or is staff now): the log's moderator filter. */
export const readLogActors = staffQuery('moderate-responses', async (): Promise<{ id: string; name: string }[]> => {
  const db = await getDb();
  const rows = await db
    .select({ id: users.id, name: sql<string>`coalesce(${users.displayName}, ${users.email})` })
    .from(users)
    .where(or(ne(users.role, 'reader'), sql`exists (select 1 from moderation_log where moderation_log.actor_id = ${users.id})`))
    .orderBy(asc(users.email));
  return rows;
});

export type Person = {
  id: string;
  email: string;
  displayName: string | null;
  role: UserRole;
  createdAt: Date;
  suspendedUntil: Date | null;
  banned: boolean;
};

const personColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  role: users.role,
  createdAt: users.createdAt,
  suspendedUntil: users.suspendedUntil,
  banned: users.banned,
};

/** Staff, always; and readers whose address or name contains `query`, a page at a time by address. */
export const readPeople = staffQuery(
  'manage-people',
  async (query: string, after: string | null): Promise<{ staff: Person[]; found: Person[]; next: string | null }> => {
    const db = await getDb();
    const text = query.trim();
    const pattern = `%${escapeLike(text)}%`;
    // Addresses are stored folded, with IDN domains in their xn-- form: look for those forms of the query too.
    const inAddress = [...new Set([text, ...emailSearchForms(text)])].map((form) => ilike(users.email, `%${escapeLike(form)}%`));
    const [staff, found] = await Promise.all([
      db.select(personColumns).from(users).where(ne(users.role, 'reader')).orderBy(asc(users.email)),
      text
        ? db
            .select(personColumns)
            .from(users)
            .where(
              and(
                eq(users.role, 'reader'),
                or(...inAddress, ilike(users.displayName, pattern)),
                after === null ? undefined : gt(users.email, after),
              ),
            )
            .orderBy(asc(users.email))
            .limit(PEOPLE_PAGE_SIZE + 1)
        : [],
    ]);
    const page = found.slice(0, PEOPLE_PAGE_SIZE);
    return { staff, found: page, next: found.length > PEOPLE_PAGE_SIZE ? page.at(-1)!.email : null };
  },
);

/** The moderation settings, for the admins' settings page. */
export const readSettings = staffQuery('manage-settings', async (): Promise<StoredSettings> => {
  return readModerationSettings(await getDb());
});
