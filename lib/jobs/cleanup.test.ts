import { asc } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { log } from '@/lib/ops/log.mjs';
import { rateLimits, responseDrafts, sessions, signInNetworks, verificationTokens } from '@/db/schema';
import { runDueJobs } from '@/test/jobs';
import { insertPerson } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { jobs } from './definitions';
import { removeExpired } from './cleanup';
import { enqueue } from './enqueue';

const { db, site, connection } = withRealIssue();

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Rows on each side of each table's expiry, a minute from it: those named "gone" must be removed, "kept" must stay.
 * The expiry of each is the rule of the code that writes the table (see lib/jobs/cleanup.ts).
 */
async function insertRowsAround(now: number) {
  const reader = await insertPerson(db());
  await db()
    .insert(responseDrafts)
    .values([
      { articleId: site().articleId, body: 'gone', createdAt: new Date(now - 7 * DAY - MINUTE) },
      { articleId: site().articleId, body: 'kept', createdAt: new Date(now - 7 * DAY + MINUTE) },
    ]);
  await db()
    .insert(verificationTokens)
    .values([
      { identifier: reader.email, token: 'gone', expires: new Date(now - MINUTE) },
      { identifier: reader.email, token: 'kept', expires: new Date(now + MINUTE) },
    ]);
  await db()
    .insert(sessions)
    .values([
      { sessionToken: 'gone', userId: reader.id, expires: new Date(now - MINUTE) },
      { sessionToken: 'kept', userId: reader.id, expires: new Date(now + MINUTE) },
    ]);
  await db()
    .insert(rateLimits)
    .values([
      { key: 'gone', windowStart: new Date(now - DAY - MINUTE), count: 3 },
      { key: 'kept', windowStart: new Date(now - DAY + MINUTE), count: 3 },
    ]);
  await db()
    .insert(signInNetworks)
    .values([
      { email: reader.email, network: 'gone', lastSignedInAt: new Date(now - 90 * DAY - MINUTE) },
      { email: reader.email, network: 'kept', lastSignedInAt: new Date(now - 90 * DAY + MINUTE) },
    ]);
}

async function leftOver() {
  return {
    drafts: (await db().select({ v: responseDrafts.body }).from(responseDrafts)).map((row) => row.v),
    tokens: (await db().select({ v: verificationTokens.token }).from(verificationTokens).orderBy(asc(verificationTokens.token))).map(
      (row) => row.v,
    ),
    sessions: (await db().select({ v: sessions.sessionToken }).from(sessions).orderBy(asc(sessions.sessionToken))).map((row) => row.v),
    rateLimits: (await db().select({ v: rateLimits.key }).from(rateLimits).orderBy(asc(rateLimits.key))).map((row) => row.v),
    networks: (await db().select({ v: signInNetworks.network }).from(signInNetworks).orderBy(asc(signInNetworks.network))).map(
      (row) => row.v,
    ),
  };
}

const onlyKept = { drafts: ['kept'], tokens: ['kept'], sessions: ['kept'], rateLimits: ['kept'], networks: ['kept'] };

describe('the cleanup job', () => {
  it('removes exactly the expired rows of each table', async () => {
    const now = Date.now();
    await insertRowsAround(now);
    expect(await removeExpired(db(), now)).toEqual({
      'expired drafts': 1,
      'expired sign-in links': 1,
      'expired sessions': 1,
      'old rate-limit counters': 1,
      'forgotten sign-in networks': 1,
    });
    expect(await leftOver()).toEqual(onlyKept);
    expect(Object.values(await removeExpired(db(), now))).toEqual([0, 0, 0, 0, 0]);
  });

  it('is scheduled hourly, and runs as a job', async () => {
    const { rows } = await connection().executeSql("select name, cron, timezone from pgboss.schedule where name = 'cleanup'");
    expect(rows).toEqual([{ name: 'cleanup', cron: '23 * * * *', timezone: 'UTC' }]);

    await db().delete(rateLimits);
    await db()
      .insert(rateLimits)
      .values({ key: 'gone', windowStart: new Date(Date.now() - 2 * DAY), count: 1 });
    await db().transaction((tx) => enqueue(tx, jobs.cleanup, {}));
    const info = vi.spyOn(log(), 'info').mockImplementation(() => {});
    try {
      expect(await runDueJobs(connection(), jobs.cleanup)).toEqual([{ id: expect.any(String) }]);
      expect(info).toHaveBeenCalledWith('Briefings: cleanup removed 1 old rate-limit counters.');
    } finally {
      info.mockRestore();
    }
    expect(await db().select().from(rateLimits)).toEqual([]);
  });
});
