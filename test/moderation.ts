import { vi } from 'vitest';
import path from 'node:path';
import { asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  appeals,
  articles,
  moderationLog,
  moderationSettings,
  reports,
  responses,
  users,
  type ReportReason,
  type ResponseMode,
  type ResponseStatus,
  type UserRole,
} from '@/db/schema';
import { currentUser, currentUserColumns, type CurrentUser } from '@/lib/auth/session';
import { importIssueFiles } from '@/lib/issues/import';
import { DEFAULT_SETTINGS, type StoredSettings } from '@/lib/moderation/settings';
import { insertUser } from './users';

/** Fixtures for the moderation tests: articles, responses in every state, reports, appeals, settings, snapshots. */

const DAY = 86_400_000;

/** The issue of content/ imported for real, and where further articles are added. */
export type Site = { issueId: number; authorId: number; articleId: number };

export async function importRealIssue(db: Db): Promise<Site> {
  await importIssueFiles(db, [path.join(process.cwd(), 'content', 'briefing-2010-09-15.txt')]);
  const [real] = await db.select({ id: articles.id, issueId: articles.issueId, authorId: articles.authorId }).from(articles);
  return { issueId: real!.issueId, authorId: real!.authorId!, articleId: real!.id };
}

let articleCount = 0;

/** A fresh article in the site's (published) issue, so that each test starts with an article of its own. */
export async function insertArticle(db: Db, site: Site, mode: ResponseMode = 'open'): Promise<number> {
  articleCount += 1;
  const [row] = await db
    .insert(articles)
    .values({
      issueId: site.issueId,
      position: 100 + articleCount,
      slug: `fixture-article-${articleCount}`,
      title: `Fixture article ${articleCount}`,
      standfirst: 'Standfirst.',
      body: 'Body.',
      authorId: site.authorId,
      responsesMode: mode,
      status: 'published',
      publishedAt: new Date(),
    })
    .returning({ id: articles.id });
  return row!.id;
}

/** A signed-in person as the session would give them: a reader (10 days old) unless told otherwise. */
export function insertPerson(db: Db, role: UserRole = 'reader', values: Partial<typeof users.$inferInsert> = {}): Promise<CurrentUser> {
  return insertUser(db, { role, ...values });
}

export type Caller = 'signed out' | 'reader' | 'suspended reader' | 'banned reader' | 'moderator' | 'editor' | 'admin';

/** Someone to call an action or a query as. */
export async function makeCaller(db: Db, caller: Caller): Promise<CurrentUser | null> {
  switch (caller) {
    case 'signed out':
      return null;
    case 'suspended reader':
      return insertPerson(db, 'reader', { suspendedUntil: new Date(Date.now() + 3 * DAY), sanctionReason: 'Rude.' });
    case 'banned reader':
      return insertPerson(db, 'reader', { banned: true, sanctionReason: 'Spam.' });
    default:
      return insertPerson(db, caller);
  }
}

/** The person as currentUser() reads them on a request: fresh from the database. */
/** Signs `user` in (currentUser must be mocked): each request reads them afresh from the database, as currentUser() does. */
export function signInAs(db: Db, user: CurrentUser | null): void {
  vi.mocked(currentUser).mockImplementation(async () => (user ? readUser(db, user.id) : null));
}

export async function readUser(db: Db, id: string): Promise<CurrentUser | null> {
  const [user] = await db.select(currentUserColumns).from(users).where(eq(users.id, id));
  return user ?? null;
}

export type ResponseFixture = {
  articleId: number;
  authorId: string | null;
  status?: ResponseStatus;
  heldFor?: string | null;
  featured?: boolean;
  rejectionReason?: string | null;
  body?: string;
  /** How long ago it was posted (5 minutes unless told). */
  ago?: number;
};

/** Inserts a response directly in the state given (published unless told). */
export async function insertResponse(db: Db, values: ResponseFixture): Promise<number> {
  const status = values.status ?? 'published';
  const at = new Date(Date.now() - (values.ago ?? 5 * 60_000));
  const [row] = await db
    .insert(responses)
    .values({
      articleId: values.articleId,
      authorId: values.authorId,
      body: values.body ?? `A response that is ${status}.`,
      status,
      removedBy: status === 'removed' ? 'author' : null,
      heldFor: values.heldFor ?? (status === 'pending' ? 'first-responses' : null),
      rejectionReason: values.rejectionReason ?? (status === 'rejected' ? 'off-topic' : null),
      featured: values.featured ?? false,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: responses.id });
  return row!.id;
}

/**
 * A reader whose reports count toward hiding a response (see countsTowardHiding): 10 days old, with a response
 * published a day ago under the article given.
 */
export async function insertEstablishedReader(db: Db, articleId: number): Promise<CurrentUser> {
  const reader = await insertPerson(db);
  await insertResponse(db, { articleId, authorId: reader.id, ago: DAY });
  return reader;
}

/** Open reports on a response, one by each reporter given (readers who have published nothing, unless given). */
export async function insertReports(db: Db, responseId: number, reporters: number | string[], reason: ReportReason = 'spam') {
  const ids =
    typeof reporters === 'number'
      ? await Promise.all(Array.from({ length: reporters }, async () => (await insertPerson(db)).id))
      : reporters;
  for (const reporterId of ids)
    await db.insert(reports).values({ responseId, reporterId, reason, note: reason === 'other' ? 'Why.' : null });
  return ids;
}

/** An open appeal against a response's rejection. */
export async function insertAppeal(db: Db, responseId: number, note = 'Please look again.'): Promise<number> {
  const [row] = await db.insert(appeals).values({ responseId, note }).returning({ id: appeals.id });
  return row!.id;
}

/** Sets the moderation settings: the defaults, with `values` over them. */
export async function useSettings(db: Db, values: Partial<StoredSettings> = {}): Promise<void> {
  const settings = { ...DEFAULT_SETTINGS, ...values };
  await db
    .update(moderationSettings)
    .set({ ...settings, bannedWords: [...settings.bannedWords], suspectWords: [...settings.suspectWords] })
    .where(eq(moderationSettings.id, 1));
}

/** Every row of every table moderation touches, in a stable order: compare two to prove nothing changed. */
export async function snapshot(db: Db) {
  return {
    responses: await db.select().from(responses).orderBy(asc(responses.id)),
    users: await db.select().from(users).orderBy(asc(users.id)),
    reports: await db.select().from(reports).orderBy(asc(reports.id)),
    appeals: await db.select().from(appeals).orderBy(asc(appeals.id)),
    moderationSettings: await db.select().from(moderationSettings).orderBy(asc(moderationSettings.id)),
    articles: await db.select().from(articles).orderBy(asc(articles.id)),
    moderationLog: await db.select().from(moderationLog).orderBy(asc(moderationLog.id)),
  };
}

/** The id of the newest log entry (0 when there is none): pass it to logSince. */
export async function lastLogId(db: Db): Promise<number> {
  const [row] = await db.select({ id: moderationLog.id }).from(moderationLog).orderBy(desc(moderationLog.id)).limit(1);
  return row?.id ?? 0;
}

/** The log entries written after entry `id`, oldest first. */
export function logSince(db: Db, id: number) {
  return db.select().from(moderationLog).where(gt(moderationLog.id, id)).orderBy(asc(moderationLog.id));
}

export async function responseRow(db: Db, id: number) {
  const [row] = await db.select().from(responses).where(eq(responses.id, id));
  return row!;
}

export async function userRow(db: Db, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row!;
}

/** A form as a browser sends it; a list gives the field once per value (ticked checkboxes). */
export function form(fields: Record<string, string | number | readonly (string | number)[] | undefined>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) data.append(key, String(one));
  }
  return data;
}
