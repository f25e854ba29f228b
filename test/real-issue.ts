import { updateTag } from 'next/cache';
import { beforeAll, beforeEach, vi } from 'vitest';
import type { Db } from '@/db/client';
import type { users } from '@/db/schema';
import { currentUser, type CurrentUser } from '@/lib/auth/session';
import { actorOf, type Actor } from '@/lib/commands/actor';
import { withFreshDatabase } from './database';
import { importRealIssue, insertArticle, insertPerson, insertResponse, useSettings, type ResponseFixture, type Site } from './moderation';

/**
 * The start most database tests share: a fresh, migrated database for this test file (withFreshDatabase) with the
 * issue of content/ imported before any test, and — when asked, with the values given — a moderator made after it.
 * Each is read through a getter, because it exists only once beforeAll has run.
 */
export function withRealIssue(options: { moderator?: Partial<typeof users.$inferInsert> } = {}) {
  const { connection } = withFreshDatabase();
  const db = () => connection().db;
  let site: Site | undefined;
  let moderator: Actor | undefined;

  beforeAll(async () => {
    site = await importRealIssue(db());
    if (options.moderator) moderator = actorOf(await insertPerson(db(), 'moderator', options.moderator));
  });

  return {
    connection,
    db,
    site: (): Site => site ?? notYet('site'),
    moderator: (): Actor => moderator ?? notYet('moderator (ask withRealIssue for one)'),
  };
}

/**
 * withRealIssue for tests of server actions, whose files mock Next's request machinery and the session as
 * test/request.ts does: links are built on the site's address, and each test starts with nobody signed in, no tag
 * expired and the default moderation settings.
 */
export function withRealIssueForActions() {
  process.env.SITE_URL = 'http://localhost:3000';
  const fixture = withRealIssue();
  beforeEach(async () => {
    vi.mocked(currentUser).mockReset();
    vi.mocked(updateTag).mockClear();
    await useSettings(fixture.db());
  });
  return fixture;
}

function notYet(what: string): never {
  throw new Error(`The ${what} is made in beforeAll.`);
}

/**
 * A response by a new reader of its own, in a fresh article of the site (or the article given), in the state given
 * (published unless told): so that no test sees another's rows.
 */
export async function responseInFreshArticle(
  db: Db,
  site: Site,
  values: Omit<ResponseFixture, 'articleId' | 'authorId'> = {},
  articleId?: number,
): Promise<{ id: number; articleId: number; author: CurrentUser }> {
  const author = await insertPerson(db);
  const article = articleId ?? (await insertArticle(db, site));
  return { id: await insertResponse(db, { articleId: article, authorId: author.id, ...values }), articleId: article, author };
}
