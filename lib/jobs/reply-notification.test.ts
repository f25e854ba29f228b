import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { articles, responses, users } from '@/db/schema';
import { queueReplyNotification } from '@/lib/responses/reply-notification';
import { jobRows, runDueJobs } from '@/test/jobs';
import { insertPerson } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { withSmtpServer } from '@/test/smtp-server';
import { jobs } from './definitions';

// The reply-notification job against a real SMTP server, started here, that refuses as many messages as told to.
const { received, refuseNext } = withSmtpServer({
  SITE_URL: 'https://briefing.example.org',
  AUTH_SECRET: 'a-test-secret-that-is-long-enough-to-sign-with',
});

const { db, site, connection } = withRealIssue();
const job = jobs.replyNotification;

/** A published response by a reader who wants reply emails, and a published reply to it by another reader. */
async function aReply() {
  const answered = await insertPerson(db(), 'reader', { displayName: 'Ada Answered' });
  const replier = await insertPerson(db(), 'reader', { displayName: 'Rory Replier' });
  const [parent] = await db()
    .insert(responses)
    .values({ articleId: site().articleId, authorId: answered.id, body: 'A first thought.' })
    .returning({ id: responses.id });
  const [reply] = await db()
    .insert(responses)
    .values({ articleId: site().articleId, authorId: replier.id, parentId: parent!.id, replyToId: parent!.id, body: 'A second thought.' })
    .returning({ id: responses.id });
  return { answered, replyId: reply!.id };
}

const queue = (replyId: number) => db().transaction((tx) => queueReplyNotification(tx, replyId));
const marker = async (id: number) =>
  (await db().select({ at: responses.replyNotifiedAt }).from(responses).where(eq(responses.id, id)))[0]!.at;
const jobOf = async (replyId: number) =>
  (await jobRows(db(), job.name)).find((row) => (row.data as { responseId: number }).responseId === replyId)!;

/** Runs the due reply-notification jobs, quietly: failures are logged by design. */
async function run(options: { ignoreStartAfter?: boolean } = {}) {
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    return await runDueJobs(connection(), job, options);
  } finally {
    error.mockRestore();
  }
}

describe('the reply-notification job', () => {
  it('tries again, later each time, while the mail server refuses, and sends the email once when it takes it', async () => {
    const { answered, replyId } = await aReply();
    expect(await queue(replyId)).toBe(true);
    refuseNext(2);
    const delays: number[] = [];

    for (const attempt of [1, 2]) {
      const [outcome] = await run({ ignoreStartAfter: true });
      expect(outcome!.error?.message).toMatch(/451 Mailbox busy/);
      const row = await jobOf(replyId);
      expect(row).toMatchObject({ state: 'retry', retryCount: attempt - 1 });
      delays.push((row.startAfter.getTime() - Date.now()) / 1000);
      expect(received).toHaveLength(0);
      expect(await marker(replyId)).toBeNull();
    }
    // Backoff: 10–20 s after the first refusal, 20–40 s after the second (retryDelay 10, doubled, with jitter).
    expect(delays[0]).toBeGreaterThan(8);
    expect(delays[0]).toBeLessThanOrEqual(20);
    expect(delays[1]).toBeGreaterThan(18);
    expect(delays[1]).toBeLessThanOrEqual(40);
    // Not due before its time.
    expect(await run()).toEqual([]);

    expect(await run({ ignoreStartAfter: true })).toEqual([{ id: expect.any(String) }]);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual([answered.email]);
    expect(received[0]!.data).toContain('A second thought.');
    expect(received[0]!.data).toContain(`#response-${replyId}`);
    expect(await jobOf(replyId)).toMatchObject({ state: 'completed' });
    expect(await marker(replyId)).toBeInstanceOf(Date);

    // Announced: a later write that publishes it again queues nothing, and nothing is sent again.
    expect(await queue(replyId)).toBe(false);
    expect(await run({ ignoreStartAfter: true })).toEqual([]);
    expect(received).toHaveLength(1);
  });

  it('looks again when it runs: a reply removed since, or an author who turned the emails off since, gets none', async () => {
    const removed = await aReply();
    const optedOut = await aReply();
    expect(await queue(removed.replyId)).toBe(true);
    expect(await queue(optedOut.replyId)).toBe(true);
    await db().update(responses).set({ status: 'removed', removedBy: 'author' }).where(eq(responses.id, removed.replyId));
    await db().update(users).set({ notifyReplies: false }).where(eq(users.id, optedOut.answered.id));
    const before = received.length;

    const outcomes = await run();
    expect(outcomes).toHaveLength(2);
    expect(outcomes.every((outcome) => !outcome.error)).toBe(true);
    expect(received).toHaveLength(before);
    expect(await marker(removed.replyId)).toBeNull();
    expect(await marker(optedOut.replyId)).toBeNull();
  });

  it('sends none for a reply whose article was unpublished since it was queued', async () => {
    const { replyId } = await aReply();
    expect(await queue(replyId)).toBe(true);
    await db().update(articles).set({ status: 'unpublished' }).where(eq(articles.id, site().articleId));
    try {
      const before = received.length;
      const outcomes = await run();
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]!.error).toBeUndefined();
      expect(received).toHaveLength(before);
      expect(await marker(replyId)).toBeNull();
      // Nor is one queued while it stays unpublished.
      expect(await queue(replyId)).toBe(false);
    } finally {
      await db().update(articles).set({ status: 'published' }).where(eq(articles.id, site().articleId));
    }
  });
});
