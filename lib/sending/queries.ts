import { and, asc, desc, eq, gt, ilike, inArray, sql } from 'drizzle-orm';
import { getDb, type Executor } from '@/db/client';
import { deliveries, issues, sends, type DeliveryStatus, type SendState } from '@/db/schema';
import { staffQuery } from '@/lib/auth/staff-query';
import { RATE_WINDOW_SECONDS, secondsLeft } from './rules';

/** What the send page and `npm run send` show while a send runs, read from the deliveries themselves. */

export type SendProgress = {
  sendId: number;
  issueId: number;
  state: SendState;
  audience: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  uncertain: number;
  /** Unsubscribed (or bounced) before their turn, cancelled, or their subscriber deleted since. */
  skipped: number;
  /** Messages finished per second over the last few seconds. */
  perSecond: number;
  /** At that rate (or the send's own before any), how long the rest takes; null when nothing is left. */
  secondsLeft: number | null;
  ratePerSecond: number;
  failuresInARow: number;
  pauseReason: string | null;
  scheduledFor: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  startedByName: string;
};

export async function sendProgress(executor: Executor, sendId: number): Promise<SendProgress | null> {
  const [send] = await executor.select().from(sends).where(eq(sends.id, sendId));
  if (!send) return null;
  const rows = await executor
    .select({ status: deliveries.status, count: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(eq(deliveries.sendId, sendId))
    .groupBy(deliveries.status);
  const counts: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, uncertain: 0, skipped: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  const [recent] = await executor
    .select({ count: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.sendId, sendId),
        inArray(deliveries.status, ['sent', 'failed']),
        sql`${deliveries.finishedAt} > now() - make_interval(secs => ${RATE_WINDOW_SECONDS})`,
      ),
    );
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  // A subscriber deleted since the audience was frozen takes their delivery with them: counted as skipped, so
  // that the counts always add up to the audience.
  const skipped = counts.skipped + Math.max(0, send.audience - total);
  const perSecond = Math.round((Number(recent?.count ?? 0) / RATE_WINDOW_SECONDS) * 10) / 10;
  const left = send.state === 'sending' ? counts.queued + counts.sending : 0;
  return {
    sendId: send.id,
    issueId: send.issueId,
    state: send.state,
    audience: Math.max(send.audience, total),
    ...counts,
    skipped,
    perSecond,
    secondsLeft: secondsLeft(left, perSecond, send.ratePerSecond),
    ratePerSecond: send.ratePerSecond,
    failuresInARow: send.failuresInARow,
    pauseReason: send.pauseReason,
    scheduledFor: send.scheduledFor,
    startedAt: send.startedAt,
    finishedAt: send.finishedAt,
    startedByName: send.startedByName,
  };
}

/** The send of an issue (its id and state), if it has one. */
export async function sendOfIssue(executor: Executor, issueId: number) {
  const [send] = await executor
    .select({
      id: sends.id,
      state: sends.state,
      scheduledFor: sends.scheduledFor,
      startedAt: sends.startedAt,
      finishedAt: sends.finishedAt,
    })
    .from(sends)
    .where(eq(sends.issueId, issueId));
  return send ?? null;
}

/** Sends, newest first, with their issue's date: for a list of sends. */
export async function recentSends(executor: Executor, limit = 50) {
  return executor
    .select({
      id: sends.id,
      issueId: sends.issueId,
      date: issues.date,
      state: sends.state,
      audience: sends.audience,
      scheduledFor: sends.scheduledFor,
      startedAt: sends.startedAt,
      finishedAt: sends.finishedAt,
    })
    .from(sends)
    .innerJoin(issues, eq(issues.id, sends.issueId))
    .orderBy(desc(sends.id))
    .limit(limit);
}

export type SendFailure = {
  id: number;
  subscriberId: number;
  email: string;
  status: 'failed' | 'uncertain';
  attempts: number;
  answer: string | null;
  leasedBy: string | null;
  finishedAt: Date | null;
};

/**
 * The failed and uncertain messages of a send (or one of the two), optionally those whose address contains
 * `search`, by keyset on id: `after` is the last id of the page before. `next` is the id to pass for the next page.
 */
export async function sendFailures(
  executor: Executor,
  sendId: number,
  options: { status?: 'failed' | 'uncertain'; search?: string; after?: number; limit: number },
): Promise<{ items: SendFailure[]; next: number | null }> {
  const limit = Math.max(1, Math.min(500, options.limit));
  const search = options.search?.trim().toLowerCase();
  const rows = await executor
    .select({
      id: deliveries.id,
      subscriberId: deliveries.subscriberId,
      email: deliveries.email,
      status: deliveries.status,
      attempts: deliveries.attempts,
      answer: deliveries.answer,
      leasedBy: deliveries.leasedBy,
      finishedAt: deliveries.finishedAt,
    })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.sendId, sendId),
        options.status ? eq(deliveries.status, options.status) : inArray(deliveries.status, ['failed', 'uncertain']),
        options.after !== undefined ? gt(deliveries.id, options.after) : undefined,
        search ? ilike(deliveries.email, `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
      ),
    )
    .orderBy(asc(deliveries.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit) as SendFailure[];
  return { items, next: rows.length > limit ? items.at(-1)!.id : null };
}

// The same, for staff pages: each checks the viewer first.
export const readSendProgress = staffQuery('send-issues', async (sendId: number) => sendProgress(await getDb(), sendId));
export const readSendFailures = staffQuery('send-issues', async (sendId: number, options: Parameters<typeof sendFailures>[2]) =>
  sendFailures(await getDb(), sendId, options),
);
export const readSendOfIssue = staffQuery('send-issues', async (issueId: number) => sendOfIssue(await getDb(), issueId));
export const readRecentSends = staffQuery('send-issues', async (limit?: number) => recentSends(await getDb(), limit));
