import { and, eq, gt } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries, moderationLog, sends } from '@/db/schema';
import { COMMAND_LINE, SYSTEM } from '@/lib/commands/actor';
import { Refusal } from '@/lib/commands/refusal';
import { jobs } from '@/lib/jobs/definitions';
import { run } from '@/test/commands';
import { jobRows, runDueJobs } from '@/test/jobs';
import { withRealIssue } from '@/test/real-issue';
import { addSubscribers, freshAudience, publishedIssue, until } from '@/test/sending';
import {
  cancelScheduledSend,
  cancelSend,
  confirmLateSend,
  pauseSend,
  resendUncertain,
  resumeSend,
  retryFailed,
  scheduleSend,
  startScheduledSend,
  startSend,
} from './commands';
import { sendFailures, sendProgress } from './queries';
import { LATE_AFTER_MS } from './rules';

// The commands on a send (the send page and npm run send share them), and the queries that read it.

const { db, connection } = withRealIssue();

async function refusal(attempt: Promise<unknown>) {
  const error = await attempt.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Refusal);
  return { code: (error as Refusal).code, message: (error as Refusal).message };
}

async function sendRow(sendId: number) {
  const [send] = await db().select().from(sends).where(eq(sends.id, sendId));
  return send!;
}

async function logOf(sendId: number) {
  return db()
    .select({ action: moderationLog.action, actorName: moderationLog.actorName, before: moderationLog.before, after: moderationLog.after })
    .from(moderationLog)
    .where(and(eq(moderationLog.targetType, 'send'), eq(moderationLog.targetId, String(sendId))))
    .orderBy(moderationLog.id);
}

describe('starting a send', () => {
  it('freezes the active subscribers into deliveries, logs the number seen beside the number frozen, and stamps the issue', async () => {
    const audience = await freshAudience(db(), 3);
    const issueId = await publishedIssue(db());

    const { output } = await run(startSend, COMMAND_LINE, { issueId, audienceSeen: 4 });

    expect(output.audience).toBe(3);
    const rows = await db().select().from(deliveries).where(eq(deliveries.sendId, output.sendId)).orderBy(deliveries.id);
    expect(rows.map((row) => [row.subscriberId, row.email, row.status, row.attempts])).toEqual(
      audience.map(({ id, email }) => [id, email, 'queued', 0]),
    );
    expect(await sendRow(output.sendId)).toMatchObject({
      state: 'sending',
      audience: 3,
      startedByName: 'command line',
      startedAt: expect.any(Date),
    });
    expect(await logOf(output.sendId)).toEqual([
      { action: 'send-start', actorName: 'command line', before: null, after: { state: 'sending', audience: 3, audienceSeen: 4 } },
    ]);
  });
});

describe('scheduling a send', () => {
  it('waits for its job; the job starts it at its time, freezing the audience then', async () => {
    await freshAudience(db(), 2);
    const issueId = await publishedIssue(db());
    const at = new Date(Date.now() + 1500);

    const { output } = await run(scheduleSend, COMMAND_LINE, { issueId, at });

    expect(await sendRow(output.sendId)).toMatchObject({ state: 'scheduled', scheduledFor: at, audience: 0 });
    const queued = (await jobRows(db(), jobs.scheduledSend.name)).filter(
      (job) => (job.data as { sendId: number }).sendId === output.sendId,
    );
    expect(queued).toEqual([expect.objectContaining({ state: 'created', startAfter: at })]);
    // Subscribing before the time counts.
    await addSubscribers(db(), 1, 'before-the-time');

    await until(() => Date.now() > at.getTime() + 50, 10_000);
    const outcomes = await runDueJobs(connection(), jobs.scheduledSend);
    expect(outcomes.filter((outcome) => outcome.error)).toEqual([]);
    expect(await sendRow(output.sendId)).toMatchObject({ state: 'sending', audience: 3 });
    expect((await logOf(output.sendId)).map((entry) => [entry.action, entry.actorName])).toEqual([
      ['send-schedule', 'command line'],
      ['send-start', 'the system'],
    ]);
  });

  it('refuses a time that has passed', async () => {
    const issueId = await publishedIssue(db());
    expect(await refusal(run(scheduleSend, COMMAND_LINE, { issueId, at: new Date(Date.now() - 3_600_000) }))).toMatchObject({
      code: 'invalid',
    });
  });

  it('does nothing when its job comes before its (moved) time; over an hour late it waits for a person, who may confirm it', async () => {
    await freshAudience(db(), 2);
    const issueId = await publishedIssue(db());
    const at = new Date(Date.now() + 3_600_000);
    const { output } = await run(scheduleSend, COMMAND_LINE, { issueId, at });

    expect((await run(startScheduledSend, SYSTEM, { sendId: output.sendId })).output).toMatchObject({ started: false, state: 'scheduled' });
    expect(await sendRow(output.sendId)).toMatchObject({ state: 'scheduled' });

    const late = at.getTime() + LATE_AFTER_MS + 60_000;
    expect((await run(startScheduledSend, SYSTEM, { sendId: output.sendId, now: late })).output).toMatchObject({
      started: false,
      state: 'late',
    });
    expect(await sendRow(output.sendId)).toMatchObject({ state: 'late', audience: 0 });
    expect(await db().select().from(deliveries).where(eq(deliveries.sendId, output.sendId))).toEqual([]);

    const { output: confirmed } = await run(confirmLateSend, COMMAND_LINE, { sendId: output.sendId });
    expect(confirmed.audience).toBe(2);
    expect(await sendRow(output.sendId)).toMatchObject({ state: 'sending', audience: 2 });
    expect((await logOf(output.sendId)).map((entry) => entry.action)).toEqual(['send-schedule', 'send-late', 'send-start']);
  });

  it('cancelled before it starts, may be scheduled or started again; once started, the issue is never sent again', async () => {
    await freshAudience(db(), 1);
    const issueId = await publishedIssue(db());
    const { output } = await run(scheduleSend, COMMAND_LINE, { issueId, at: new Date(Date.now() + 86_400_000) });
    await run(cancelScheduledSend, COMMAND_LINE, { sendId: output.sendId });
    expect(await sendRow(output.sendId)).toMatchObject({ state: 'cancelled', startedAt: null });
    // The old job, when it comes, finds it no longer scheduled.
    expect((await run(startScheduledSend, SYSTEM, { sendId: output.sendId, now: Date.now() + 86_400_000 })).output.started).toBe(false);

    const { output: started } = await run(startSend, COMMAND_LINE, { issueId });
    expect(started.sendId).toBe(output.sendId);
    await run(cancelSend, COMMAND_LINE, { sendId: output.sendId });
    expect(await refusal(run(startSend, COMMAND_LINE, { issueId }))).toEqual({
      code: 'conflict',
      message: expect.stringMatching(/was cancelled: an issue is sent once/),
    });
    expect(await refusal(run(scheduleSend, COMMAND_LINE, { issueId, at: new Date(Date.now() + 60_000) }))).toMatchObject({
      code: 'conflict',
    });
  });
});

describe('staff’s choices on a running send', () => {
  it('retry only failed rows and resend only uncertain ones, reopening a finished send, each logged', async () => {
    await freshAudience(db(), 4);
    const { output } = await run(startSend, COMMAND_LINE, { issueId: await publishedIssue(db()) });
    const rows = await db().select().from(deliveries).where(eq(deliveries.sendId, output.sendId)).orderBy(deliveries.id);
    const set = (index: number, status: 'sent' | 'failed' | 'uncertain') =>
      db()
        .update(deliveries)
        .set({ status, attempts: 1, finishedAt: new Date(), answer: `${status} answer` })
        .where(eq(deliveries.id, rows[index]!.id));
    await set(0, 'sent');
    await set(1, 'failed');
    await set(2, 'uncertain');
    await set(3, 'sent');
    await db().update(sends).set({ state: 'done', finishedAt: new Date() }).where(eq(sends.id, output.sendId));

    expect((await sendFailures(db(), output.sendId, { limit: 10 })).items.map((item) => item.status)).toEqual(['failed', 'uncertain']);
    expect((await sendFailures(db(), output.sendId, { limit: 1 })).next).toBe(rows[1]!.id);
    expect((await sendFailures(db(), output.sendId, { limit: 10, after: rows[1]!.id })).items.map((item) => item.id)).toEqual([
      rows[2]!.id,
    ]);
    expect((await sendFailures(db(), output.sendId, { limit: 10, status: 'uncertain' })).items).toHaveLength(1);
    expect(
      (await sendFailures(db(), output.sendId, { limit: 10, search: rows[1]!.email.toUpperCase() })).items.map((item) => item.id),
    ).toEqual([rows[1]!.id]);

    expect((await run(retryFailed, COMMAND_LINE, { sendId: output.sendId })).output.queued).toBe(1);
    const after = await db()
      .select({ id: deliveries.id, status: deliveries.status })
      .from(deliveries)
      .where(eq(deliveries.sendId, output.sendId))
      .orderBy(deliveries.id);
    expect(after.map((row) => row.status)).toEqual(['sent', 'queued', 'uncertain', 'sent']);
    expect(await sendRow(output.sendId)).toMatchObject({ state: 'sending', finishedAt: null });

    await run(pauseSend, COMMAND_LINE, { sendId: output.sendId });
    expect((await run(resendUncertain, COMMAND_LINE, { sendId: output.sendId })).output.queued).toBe(1);
    // Paused stays paused until someone resumes it.
    expect(await sendRow(output.sendId)).toMatchObject({ state: 'paused' });
    await run(resumeSend, COMMAND_LINE, { sendId: output.sendId });
    expect(await sendProgress(db(), output.sendId)).toMatchObject({
      state: 'sending',
      audience: 4,
      queued: 2,
      sent: 2,
      failed: 0,
      uncertain: 0,
      secondsLeft: expect.any(Number),
    });
    expect((await logOf(output.sendId)).map((entry) => entry.action)).toEqual([
      'send-start',
      'send-retry-failed',
      'send-pause',
      'send-resend-uncertain',
      'send-resume',
    ]);
  });

  it('counts a delivery whose subscriber was deleted since as skipped, so that the counts still add up', async () => {
    const audience = await freshAudience(db(), 3);
    const { output } = await run(startSend, COMMAND_LINE, { issueId: await publishedIssue(db()) });
    await db()
      .delete(deliveries)
      .where(and(eq(deliveries.sendId, output.sendId), gt(deliveries.subscriberId, audience[1]!.id)));
    expect(await sendProgress(db(), output.sendId)).toMatchObject({ audience: 3, queued: 2, skipped: 1 });
  });
});
