import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { deliveries, issues, sends, type Send, type SendState } from '@/db/schema';
import type { Actor } from '@/lib/commands/actor';
import { command, type Write } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { config } from '@/lib/config';
import { jobs } from '@/lib/jobs/definitions';
import { enqueue } from '@/lib/jobs/enqueue';
import { scheduledVerdict } from './rules';

/**
 * What staff do with a send, shared by the send page and `npm run send`. One send per issue: starting freezes the
 * audience into deliveries in the same transaction (lib/sending/sender.ts then sends them), scheduling waits for a
 * job, and the rest move the send between its states. Every one is logged against the send.
 */

const STATE_WORDS: Record<SendState, string> = {
  scheduled: 'is scheduled',
  late: 'is waiting for someone to confirm it (it would start late)',
  sending: 'is being sent',
  paused: 'is paused',
  cancelled: 'was cancelled',
  done: 'was sent',
};

async function publishedIssue(tx: Tx, issueId: number) {
  const [issue] = await tx
    .select({ id: issues.id, date: issues.date, status: issues.status })
    .from(issues)
    .where(eq(issues.id, issueId))
    .for('update');
  if (!issue) refuse('not-found', 'There is no such issue.');
  if (issue.status !== 'published') refuse('conflict', `The issue of ${issue.date} is not published yet: publish it before sending it.`);
  return issue;
}

/** The send of an issue, locked for this transaction, if there is one. */
async function sendOfIssue(tx: Tx, issueId: number): Promise<Send | undefined> {
  const [send] = await tx.select().from(sends).where(eq(sends.issueId, issueId)).for('update');
  return send;
}

/** A send, locked for this transaction; refuses when there is none or its state is not one of `states`. */
async function lockedSend(tx: Tx, sendId: number, states: readonly SendState[], doing: string): Promise<Send> {
  const [send] = await tx.select().from(sends).where(eq(sends.id, sendId)).for('update');
  if (!send) refuse('not-found', 'There is no such send.');
  if (!states.includes(send.state)) refuse('conflict', `This send ${STATE_WORDS[send.state]}: it cannot be ${doing}.`);
  return send;
}

/** A send that never started (a schedule cancelled) may be started or scheduled again; any other may not. */
function refuseSecondSend(send: Send | undefined, date: string): void {
  if (!send || (send.state === 'cancelled' && !send.startedAt)) return;
  refuse('conflict', `The issue of ${date} ${STATE_WORDS[send.state]}: an issue is sent once.`);
}

/**
 * Freezes the audience and starts sending: one delivery per active subscriber, in one statement, so that whoever
 * subscribes a moment later is not included and nobody is in twice. Used by startSend, confirmLateSend and the
 * scheduled job.
 */
export async function freezeAudience(tx: Tx, sendId: number): Promise<number> {
  await tx.execute(
    sql`insert into deliveries (send_id, subscriber_id, email)
      select ${sendId}, id, email from subscribers where status = 'active'
      on conflict (send_id, subscriber_id) do nothing`,
  );
  const [{ audience } = { audience: 0 }] = await tx
    .select({ audience: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(eq(deliveries.sendId, sendId));
  const [send] = await tx
    .update(sends)
    .set({ state: 'sending', audience, startedAt: new Date(), ratePerSecond: config().SEND_RATE, pauseReason: null, updatedAt: new Date() })
    .where(eq(sends.id, sendId))
    .returning({ issueId: sends.issueId });
  await tx.update(issues).set({ sentAt: new Date(), updatedAt: new Date() }).where(eq(issues.id, send!.issueId));
  return audience;
}

function startedBy(actor: Actor) {
  return { startedById: actor.id, startedByName: actor.name };
}

/**
 * Sends a published issue to every active subscriber now. `audienceSeen` is the number the person confirmed (the
 * send page, the command line); it is logged beside the number frozen, which may differ by whoever came or went
 * since. A scheduled (or late) send of the issue starts now instead of at its time.
 */
export const startSend = command('send-issues', async (write, input: { issueId: number; audienceSeen?: number }) => {
  const { tx, actor } = write;
  const issue = await publishedIssue(tx, input.issueId);
  let send = await sendOfIssue(tx, issue.id);
  const before = send ? { state: send.state } : null;
  if (send && (send.state === 'scheduled' || send.state === 'late')) {
    // Sent now rather than at its time: the job, when it comes, finds it no longer scheduled.
  } else refuseSecondSend(send, issue.date);
  if (send)
    await tx
      .update(sends)
      .set({ ...startedBy(actor), scheduledFor: null })
      .where(eq(sends.id, send.id));
  else
    [send] = await tx
      .insert(sends)
      .values({ issueId: issue.id, state: 'sending', ratePerSecond: config().SEND_RATE, ...startedBy(actor) })
      .returning();
  const audience = await freezeAudience(tx, send!.id);
  await logSend(write, 'send-start', send!.id, before, { state: 'sending', audience, audienceSeen: input.audienceSeen ?? null });
  return { sendId: send!.id, audience };
});

/** Sends the issue at `at` (a job waits for it): the audience is frozen then, not now. */
export const scheduleSend = command('send-issues', async (write, input: { issueId: number; at: Date }) => {
  const { tx, actor } = write;
  const at = new Date(input.at);
  if (Number.isNaN(at.getTime())) refuse('invalid', 'Give a date and time to send it at.', 'at');
  if (at.getTime() < Date.now() - 60_000) refuse('invalid', 'That time has passed: choose a time to come, or send it now.', 'at');
  const issue = await publishedIssue(tx, input.issueId);
  let send = await sendOfIssue(tx, issue.id);
  const before = send ? { state: send.state, scheduledFor: send.scheduledFor?.toISOString() ?? null } : null;
  if (send?.state !== 'scheduled' && send?.state !== 'late') refuseSecondSend(send, issue.date);
  const values = {
    state: 'scheduled' as const,
    scheduledFor: at,
    pauseReason: null,
    ratePerSecond: config().SEND_RATE,
    ...startedBy(actor),
  };
  if (send)
    [send] = await tx
      .update(sends)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(sends.id, send.id))
      .returning();
  else
    [send] = await tx
      .insert(sends)
      .values({ issueId: issue.id, ...values })
      .returning();
  // Each schedule has a job of its own; one that comes before its send's (changed) time does nothing.
  await enqueue(tx, jobs.scheduledSend, { sendId: send!.id }, { startAfter: at });
  await logSend(write, 'send-schedule', send!.id, before, { state: 'scheduled', scheduledFor: at.toISOString() });
  return { sendId: send!.id };
});

/** Starts a send that waited as late (its job ran over an hour after its time). */
export const confirmLateSend = command('send-issues', async (write, input: { sendId: number }) => {
  const send = await lockedSend(write.tx, input.sendId, ['late'], 'confirmed');
  await write.tx.update(sends).set(startedBy(write.actor)).where(eq(sends.id, send.id));
  const audience = await freezeAudience(write.tx, send.id);
  await logSend(write, 'send-start', send.id, { state: 'late' }, { state: 'sending', audience });
  return { sendId: send.id, audience };
});

/** Cancels a send that has not started (scheduled or late). It may then be scheduled or started again. */
export const cancelScheduledSend = command('send-issues', async (write, input: { sendId: number }) => {
  const send = await lockedSend(write.tx, input.sendId, ['scheduled', 'late'], 'unscheduled');
  await write.tx.update(sends).set({ state: 'cancelled', finishedAt: new Date(), updatedAt: new Date() }).where(eq(sends.id, send.id));
  await logSend(
    write,
    'send-unschedule',
    send.id,
    { state: send.state, scheduledFor: send.scheduledFor?.toISOString() ?? null },
    { state: 'cancelled' },
  );
  return { sendId: send.id };
});

/** Stops claiming messages; those already handed to the mail server finish. */
export const pauseSend = command('send-issues', async (write, input: { sendId: number }) => {
  const send = await lockedSend(write.tx, input.sendId, ['sending'], 'paused');
  const pauseReason = `Paused by ${write.actor.name}`;
  await write.tx.update(sends).set({ state: 'paused', pauseReason, updatedAt: new Date() }).where(eq(sends.id, send.id));
  await logSend(write, 'send-pause', send.id, { state: send.state }, { state: 'paused' });
  return { sendId: send.id };
});

/** Carries on a paused send (paused by someone or by failures in a row, whose count starts again). */
export const resumeSend = command('send-issues', async (write, input: { sendId: number }) => {
  const send = await lockedSend(write.tx, input.sendId, ['paused'], 'resumed');
  await write.tx
    .update(sends)
    .set({ state: 'sending', pauseReason: null, failuresInARow: 0, updatedAt: new Date() })
    .where(eq(sends.id, send.id));
  await logSend(write, 'send-resume', send.id, { state: 'paused', pauseReason: send.pauseReason }, { state: 'sending' });
  return { sendId: send.id };
});

/**
 * Stops a send for good: every message not yet claimed is skipped ("cancelled"); those in flight finish. A send
 * that has not started is unscheduled instead.
 */
export const cancelSend = command('send-issues', async (write, input: { sendId: number }) => {
  const { tx } = write;
  const send = await lockedSend(tx, input.sendId, ['sending', 'paused', 'scheduled', 'late'], 'cancelled');
  const skipped = await tx
    .update(deliveries)
    .set({ status: 'skipped', answer: 'cancelled', finishedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(deliveries.sendId, send.id), eq(deliveries.status, 'queued')))
    .returning({ id: deliveries.id });
  await tx.update(sends).set({ state: 'cancelled', finishedAt: new Date(), updatedAt: new Date() }).where(eq(sends.id, send.id));
  await logSend(
    write,
    send.startedAt ? 'send-cancel' : 'send-unschedule',
    send.id,
    { state: send.state },
    { state: 'cancelled', skipped: skipped.length },
  );
  return { sendId: send.id, skipped: skipped.length };
});

/**
 * Queues the failed messages again — only those — and sends them (a finished send sends again). Their attempts
 * start again from the count they reached.
 */
export const retryFailed = command('send-issues', async (write, input: { sendId: number }) =>
  requeue(write, input.sendId, 'failed', 'send-retry-failed', 'retried'),
);

/**
 * Queues the uncertain messages again: staff's explicit choice, since each may have been delivered already (its
 * process stopped between handing it over and hearing the answer) and so may arrive twice.
 */
export const resendUncertain = command('send-issues', async (write, input: { sendId: number }) =>
  requeue(write, input.sendId, 'uncertain', 'send-resend-uncertain', 'resent'),
);

async function requeue(
  write: Write,
  sendId: number,
  status: 'failed' | 'uncertain',
  action: 'send-retry-failed' | 'send-resend-uncertain',
  doing: string,
) {
  const { tx } = write;
  const send = await lockedSend(tx, sendId, ['sending', 'paused', 'done'], doing);
  const rows = await tx
    .update(deliveries)
    .set({ status: 'queued', nextAttemptAt: new Date(), leaseUntil: null, finishedAt: null, updatedAt: new Date() })
    .where(and(eq(deliveries.sendId, send.id), eq(deliveries.status, status)))
    .returning({ id: deliveries.id });
  if (rows.length === 0) refuse('conflict', `This send has no ${status} messages.`);
  // A finished send starts again for them; a paused one stays paused until resumed.
  const state: SendState = send.state === 'done' ? 'sending' : send.state;
  await tx.update(sends).set({ state, finishedAt: null, failuresInARow: 0, updatedAt: new Date() }).where(eq(sends.id, send.id));
  await logSend(write, action, send.id, { state: send.state }, { state, queued: rows.length });
  return { sendId: send.id, queued: rows.length };
}

async function logSend(
  write: Write,
  action:
    | 'send-start'
    | 'send-schedule'
    | 'send-unschedule'
    | 'send-late'
    | 'send-pause'
    | 'send-resume'
    | 'send-cancel'
    | 'send-retry-failed'
    | 'send-resend-uncertain',
  sendId: number,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
) {
  await write.log({ action, target: { type: 'send', id: sendId }, before, after });
}

/**
 * What the scheduled job does when its time comes (lib/sending/scheduled.ts runs it as the system): starts the
 * send, or — over an hour late (the app was down) — leaves it 'late' for a person to confirm. A job that comes
 * before its send's time (the send was moved later) or for a send no longer scheduled does nothing.
 */
export const startScheduledSend = command('send-issues', async (write, input: { sendId: number; now?: number }) => {
  const { tx } = write;
  const [send] = await tx.select().from(sends).where(eq(sends.id, input.sendId)).for('update');
  if (!send || send.state !== 'scheduled' || !send.scheduledFor) return { started: false as const, state: send?.state ?? null };
  const verdict = scheduledVerdict(send.scheduledFor.getTime(), input.now ?? Date.now());
  if (verdict === 'early') return { started: false as const, state: send.state };
  if (verdict === 'late') {
    await tx.update(sends).set({ state: 'late', updatedAt: new Date() }).where(eq(sends.id, send.id));
    await logSend(write, 'send-late', send.id, { state: 'scheduled' }, { state: 'late' });
    return { started: false as const, state: 'late' as const };
  }
  const [issue] = await tx.select({ status: issues.status }).from(issues).where(eq(issues.id, send.issueId));
  if (issue?.status !== 'published') {
    await tx.update(sends).set({ state: 'late', updatedAt: new Date() }).where(eq(sends.id, send.id));
    await logSend(write, 'send-late', send.id, { state: 'scheduled' }, { state: 'late', reason: 'issue not published' });
    return { started: false as const, state: 'late' as const };
  }
  const audience = await freezeAudience(tx, send.id);
  await logSend(write, 'send-start', send.id, { state: 'scheduled' }, { state: 'sending', audience });
  return { started: true as const, state: 'sending' as const, audience };
});
