import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { bounces, deliveries, moderationLog, sends, subscribers } from '@/db/schema';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { Refusal } from '@/lib/commands/refusal';
import { run } from '@/test/commands';
import { withRealIssue } from '@/test/real-issue';
import { addSubscribers, deliveryRows, freshAudience, publishedIssue, statusCounts, until } from '@/test/sending';
import { withSmtpServer } from '@/test/smtp-server';
import { cancelSend, pauseSend, resendUncertain, resumeSend, retryFailed, startSend } from './commands';
import { sendProgress } from './queries';
import { claim, startSender, sweepExpiredLeases, takeSlots, type Sender, type SenderOptions } from './sender';

// The sending engine against a real SMTP server, on PGlite or (with TEST_DATABASE_URL) PostgreSQL.

const smtp = withSmtpServer({
  SEND_RATE: '2000',
  SMTP_POOL: '8',
  SITE_URL: 'http://localhost:3000',
  AUTH_SECRET: 'a-test-secret-that-is-long-enough-to-sign-with',
});
const { db } = withRealIssue();

let sender: Sender | undefined;
afterEach(async () => {
  await sender?.stop();
  sender = undefined;
  smtp.answer(() => null);
});

const FAST: SenderOptions = { pollMs: 50, retryScale: 0.0002, leaseSeconds: 30 };

/** Expects `attempt` to be refused with this code and a message matching. */
async function expectRefusal(attempt: Promise<unknown>, expected: { code: string; message: unknown }) {
  const refusal = await attempt.then(
    () => null,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(Refusal);
  expect(refusal).toMatchObject(expected);
}

async function stateOf(sendId: number) {
  const [send] = await db().select().from(sends).where(eq(sends.id, sendId));
  return send!;
}

async function untilState(sendId: number, ...states: string[]) {
  await until(async () => states.includes((await stateOf(sendId)).state), 180_000, `send ${sendId} to be ${states.join(' or ')}`);
}

function countsAddUp(progress: Awaited<ReturnType<typeof sendProgress>>) {
  const { queued, sending, sent, failed, uncertain, skipped, audience } = progress!;
  expect(queued + sending + sent + failed + uncertain + skipped).toBe(audience);
}

describe('sending an issue', () => {
  it('sends 2 000 subscribers one message each; someone subscribing after the start is not included, someone unsubscribing is skipped', async () => {
    const audience = await freshAudience(db(), 2000, 'many');
    const issueId = await publishedIssue(db());
    const before = smtp.received.length;

    const { output } = await run(startSend, COMMAND_LINE, { issueId, audienceSeen: 2000 });
    expect(output.audience).toBe(2000);
    const [late] = await addSubscribers(db(), 1, 'latecomer');
    await db().update(subscribers).set({ status: 'unsubscribed' }).where(eq(subscribers.id, audience[7]!.id));

    sender = startSender(db(), FAST);
    await untilState(output.sendId, 'done');

    const counts = smtp.perRecipient();
    for (const [index, { email }] of audience.entries()) expect(counts.get(email) ?? 0, email).toBe(index === 7 ? 0 : 1);
    expect(counts.get(late!.email)).toBeUndefined();
    expect(smtp.received.length - before).toBe(1999);
    const one = smtp.received.find((mail) => mail.to[0] === audience[0]!.email)!;
    expect(one.data).toMatch(/^Message-ID:\s+<.+>$/im);
    expect(one.data).toMatch(/^Subject: =\?UTF-8\?Q\?The_Fortnightly_Briefing_/im);
    expect(one.data).toMatch(new RegExp(`^To: ${audience[0]!.email}$`, 'im'));
    expect(one.data).toMatch(new RegExp(`^List-Unsubscribe:\\s+<http://localhost:3000/[^>]*id=${audience[0]!.id}&token=`, 'im'));
    expect(one.data).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/im);
    expect(one.data).toMatch(/^List-Id: .+$/im);
    expect(one.data).toMatch(/^From: .+$/im);

    const progress = await sendProgress(db(), output.sendId);
    expect(progress).toMatchObject({
      state: 'done',
      audience: 2000,
      sent: 1999,
      skipped: 1,
      queued: 0,
      sending: 0,
      failed: 0,
      uncertain: 0,
    });
    countsAddUp(progress);
    expect(progress!.finishedAt).toBeInstanceOf(Date);
    const [skipped] = await db()
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.sendId, output.sendId), eq(deliveries.status, 'skipped')));
    expect(skipped).toMatchObject({ subscriberId: audience[7]!.id, answer: 'unsubscribed' });
    const sentRow = (await deliveryRows(db(), output.sendId)).find((row) => row.status === 'sent')!;
    expect(sentRow).toMatchObject({ attempts: 1, messageId: expect.stringMatching(/^<.+>$/), answer: expect.stringMatching(/^250/) });
  }, 600_000);

  it('refuses a second send of the issue, and an issue not yet published', async () => {
    await freshAudience(db(), 2);
    const issueId = await publishedIssue(db());
    await run(startSend, COMMAND_LINE, { issueId });
    await expectRefusal(run(startSend, COMMAND_LINE, { issueId }), {
      code: 'conflict',
      message: expect.stringMatching(/is being sent: an issue is sent once/),
    });
    const draft = await publishedIssue(db(), 'draft');
    await expectRefusal(run(startSend, COMMAND_LINE, { issueId: draft }), {
      code: 'conflict',
      message: expect.stringMatching(/not published/),
    });
  });

  it('tries a temporary failure again after a while, then sends it', async () => {
    const [busy, dropped, ...rest] = await freshAudience(db(), 4, 'busy');
    const issueId = await publishedIssue(db());
    let refusals = 2;
    let drops = 1;
    smtp.answer((address) => {
      if (address === busy!.email && refusals-- > 0) return 451;
      if (address === dropped!.email && drops-- > 0) return 'drop';
      return null;
    });

    const { output } = await run(startSend, COMMAND_LINE, { issueId });
    sender = startSender(db(), FAST);
    await untilState(output.sendId, 'done');

    const rows = await deliveryRows(db(), output.sendId);
    expect(rows.find((row) => row.subscriberId === busy!.id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(rows.find((row) => row.subscriberId === dropped!.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.perRecipient().get(dropped!.email)).toBe(1);
    for (const other of rest) expect(rows.find((row) => row.subscriberId === other.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.perRecipient().get(busy!.email)).toBe(1);
  });

  it('fails a permanent refusal with the server’s answer and records a hard bounce; retrying sends only the failed rows', async () => {
    const [gone, ...rest] = await freshAudience(db(), 4, 'gone');
    const issueId = await publishedIssue(db());
    smtp.answer((address) => (address === gone!.email ? 550 : null));

    const { output } = await run(startSend, COMMAND_LINE, { issueId });
    sender = startSender(db(), FAST);
    await untilState(output.sendId, 'done');

    const rows = await deliveryRows(db(), output.sendId);
    expect(rows.find((row) => row.subscriberId === gone!.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      answer: expect.stringMatching(/^550/),
    });
    expect(await db().select().from(bounces).where(eq(bounces.subscriberId, gone!.id))).toEqual([
      expect.objectContaining({ kind: 'hard', source: 'smtp', sendId: output.sendId, detail: expect.stringMatching(/^550/) }),
    ]);
    expect(smtp.perRecipient().get(gone!.email)).toBeUndefined();

    // Retried (the address works again; the subscriber is made active again, as staff would after checking):
    await db().update(subscribers).set({ status: 'active' }).where(eq(subscribers.id, gone!.id));
    smtp.answer(() => null);
    const { output: retried } = await run(retryFailed, COMMAND_LINE, { sendId: output.sendId });
    expect(retried.queued).toBe(1);
    expect((await stateOf(output.sendId)).state).toBe('sending');
    await untilState(output.sendId, 'done');
    const counts = smtp.perRecipient();
    expect(counts.get(gone!.email)).toBe(1);
    for (const other of rest) expect(counts.get(other.email)).toBe(1);
    await expectRefusal(run(retryFailed, COMMAND_LINE, { sendId: output.sendId }), {
      code: 'conflict',
      message: 'This send has no failed messages.',
    });
  });

  it('pauses itself after too many failures in a row, saying the last answer; resumed, it finishes', async () => {
    const audience = await freshAudience(db(), 30, 'refused');
    const issueId = await publishedIssue(db());
    smtp.answer(() => 451);

    const { output } = await run(startSend, COMMAND_LINE, { issueId });
    sender = startSender(db(), { ...FAST, pauseAfter: 5, retryScale: 1, concurrency: 1 });
    await untilState(output.sendId, 'paused');
    const paused = await stateOf(output.sendId);
    expect(paused.pauseReason).toMatch(/^\d+ failures in a row; the last: 451/);
    expect(paused.failuresInARow).toBeGreaterThanOrEqual(5);
    const [logged] = await db()
      .select()
      .from(moderationLog)
      .where(and(eq(moderationLog.targetId, String(output.sendId)), eq(moderationLog.action, 'send-pause')));
    expect(logged).toMatchObject({ actorName: 'the rules', targetType: 'send', reason: paused.pauseReason });
    countsAddUp(await sendProgress(db(), output.sendId));

    smtp.answer(() => null);
    await db().update(deliveries).set({ nextAttemptAt: new Date() }).where(eq(deliveries.sendId, output.sendId));
    await run(resumeSend, COMMAND_LINE, { sendId: output.sendId });
    await untilState(output.sendId, 'done');
    const counts = smtp.perRecipient();
    for (const { email } of audience) expect(counts.get(email)).toBe(1);
  });

  it('pauses, resumes and cancels on staff’s word: a paused send sends nothing; a cancelled one skips what was left', async () => {
    const audience = await freshAudience(db(), 6, 'paused');
    const issueId = await publishedIssue(db());
    const { output } = await run(startSend, COMMAND_LINE, { issueId });
    await run(pauseSend, COMMAND_LINE, { sendId: output.sendId });
    expect(await stateOf(output.sendId)).toMatchObject({ state: 'paused', pauseReason: 'Paused by command line' });

    sender = startSender(db(), FAST);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await statusCounts(db(), output.sendId)).toEqual({ queued: 6 });

    await run(resumeSend, COMMAND_LINE, { sendId: output.sendId });
    sender.wake();
    await untilState(output.sendId, 'done');
    for (const { email } of audience) expect(smtp.perRecipient().get(email)).toBe(1);
    await expectRefusal(run(pauseSend, COMMAND_LINE, { sendId: output.sendId }), {
      code: 'conflict',
      message: 'This send was sent: it cannot be paused.',
    });

    await sender.stop();
    sender = undefined;
    await freshAudience(db(), 5, 'cancelled');
    const other = await run(startSend, COMMAND_LINE, { issueId: await publishedIssue(db()) });
    const { output: cancelled } = await run(cancelSend, COMMAND_LINE, { sendId: other.output.sendId });
    expect(cancelled.skipped).toBe(5);
    const progress = await sendProgress(db(), other.output.sendId);
    expect(progress).toMatchObject({ state: 'cancelled', skipped: 5, audience: 5 });
    expect((await deliveryRows(db(), other.output.sendId)).map((row) => row.answer)).toEqual(Array(5).fill('cancelled'));
  });

  it('calls a message whose lease ran out uncertain and never sends it again, unless staff resend the uncertain ones', async () => {
    const audience = await freshAudience(db(), 5, 'uncertain');
    const issueId = await publishedIssue(db());
    const { output } = await run(startSend, COMMAND_LINE, { issueId });
    // A sender that claims two and dies before answering.
    const claimed = await claim(db(), output.sendId, 2, 1, 'a dead process');
    expect(claimed.map((row) => row.status)).toEqual(['sending', 'sending']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await sweepExpiredLeases(db())).toBe(2);

    sender = startSender(db(), FAST);
    await untilState(output.sendId, 'done');
    const progress = await sendProgress(db(), output.sendId);
    expect(progress).toMatchObject({ state: 'done', sent: 3, uncertain: 2 });
    const lost = new Set(claimed.map((row) => row.email));
    for (const { email } of audience) expect(smtp.perRecipient().get(email)).toBe(lost.has(email) ? undefined : 1);
    const rows = await deliveryRows(db(), output.sendId);
    expect(rows.filter((row) => row.status === 'uncertain').map((row) => row.answer)).toEqual(
      Array(2).fill(expect.stringMatching(/lease ran out \(a dead process\)/)),
    );

    await run(resendUncertain, COMMAND_LINE, { sendId: output.sendId });
    await untilState(output.sendId, 'done');
    for (const { email } of audience) expect(smtp.perRecipient().get(email)).toBe(1);
    expect(await sendProgress(db(), output.sendId)).toMatchObject({ sent: 5, uncertain: 0 });
  });

  it('writes acceptances together, not before the batch is due; stopping writes those still waiting', async () => {
    const audience = await freshAudience(db(), 6, 'batched');
    const issueId = await publishedIssue(db());
    const { output } = await run(startSend, COMMAND_LINE, { issueId });
    sender = startSender(db(), { ...FAST, batchMs: 600_000 });
    await until(() => audience.every(({ email }) => smtp.perRecipient().get(email) === 1), 60_000, 'every message to arrive');
    // Accepted by the mail server, not yet written: a crash now would leave them to their leases (uncertain).
    expect(await statusCounts(db(), output.sendId)).toEqual({ sending: 6 });
    await sender.stop();
    sender = undefined;
    expect(await statusCounts(db(), output.sendId)).toEqual({ sent: 6 });
    expect(await stateOf(output.sendId)).toMatchObject({ state: 'done' });
  });

  it('calls a message uncertain when the mail server does not answer within the send timeout', async () => {
    await freshAudience(db(), 1, 'silent');
    const issueId = await publishedIssue(db());
    const { output } = await run(startSend, COMMAND_LINE, { issueId });
    sender = startSender(db(), {
      ...FAST,
      leaseSeconds: 2,
      mail: { openMailer: () => ({ send: () => new Promise(() => {}), close: async () => {} }) },
    });
    await untilState(output.sendId, 'done');
    expect(await deliveryRows(db(), output.sendId)).toEqual([
      expect.objectContaining({ status: 'uncertain', answer: expect.stringMatching(/No answer from the mail server/) }),
    ]);
  });

  it('pauses a send whose briefing cannot be prepared, saying why', async () => {
    await freshAudience(db(), 2, 'unprepared');
    const { output } = await run(startSend, COMMAND_LINE, { issueId: await publishedIssue(db()) });
    sender = startSender(db(), { ...FAST, mail: { prepare: () => Promise.reject(new Error('The template is broken.')) } });
    await untilState(output.sendId, 'paused');
    expect(await stateOf(output.sendId)).toMatchObject({ pauseReason: 'The briefing could not be prepared: The template is broken.' });
    expect(await statusCounts(db(), output.sendId)).toEqual({ queued: 2 });
  });

  it('shares one per-second rate between every sender: the counter grants no more than the rate', async () => {
    const now = Date.UTC(2031, 0, 1, 12, 0, 0, 100);
    const grants = await Promise.all(Array.from({ length: 6 }, () => takeSlots(db(), 4, 10, now)));
    expect(grants.reduce((sum, granted) => sum + granted, 0)).toBe(10);
    expect(await takeSlots(db(), 4, 10, now + 1000)).toBe(4);
  });
});
