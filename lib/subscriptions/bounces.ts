import { and, eq, gte, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { bounces, subscribers, type BounceKind } from '@/db/schema';
import { SOFT_BOUNCE_WINDOW_DAYS, statusAfterBounce } from './bounce-policy';

export type BounceRecord = {
  subscriberId: number;
  /** The send the bounce answered, when known. */
  sendId: number | null;
  kind: BounceKind;
  /** 'smtp' when the server refused at send time, 'report' when read from a delivery-status or complaint report. */
  source: 'smtp' | 'report';
  /** The server's answer or the report's diagnostic, as given. */
  detail: string;
  /** For reports: the report's Message-ID and the recipient, so that reading the same report again counts nothing. */
  reportKey?: string;
};

/** Longest detail kept: a server's answer is a line or two; a report's diagnostic can run on. */
const DETAIL_LIMIT = 2000;

/**
 * Records a bounce or a complaint inside the caller's transaction and applies the policy
 * (lib/subscriptions/bounce-policy.ts): `recorded` is false when a report with the same key was recorded before
 * (nothing is changed then), `suppressed` is true when this bounce stopped mail to the subscriber (status bounced
 * or complained, status_changed_at now). The subscriber's row is locked first, so two bounces for one address at
 * once are counted one after the other. Not a command: the sending engine calls it from its own write, and
 * `npm run bounces` from its.
 */
export async function recordBounce(tx: Tx, bounce: BounceRecord): Promise<{ recorded: boolean; suppressed: boolean }> {
  const [subscriber] = await tx
    .select({ id: subscribers.id, status: subscribers.status })
    .from(subscribers)
    .where(eq(subscribers.id, bounce.subscriberId))
    .for('update');
  if (!subscriber) return { recorded: false, suppressed: false };

  const inserted = await tx
    .insert(bounces)
    .values({
      subscriberId: bounce.subscriberId,
      sendId: bounce.sendId,
      kind: bounce.kind,
      source: bounce.source,
      detail: bounce.detail.slice(0, DETAIL_LIMIT),
      reportKey: bounce.reportKey ?? null,
    })
    .onConflictDoNothing({ target: bounces.reportKey })
    .returning({ id: bounces.id });
  if (inserted.length === 0) return { recorded: false, suppressed: false };

  const softBouncesInWindow = bounce.kind === 'soft' ? await softBounceCount(tx, bounce.subscriberId) : 0;
  const next = statusAfterBounce({ status: subscriber.status, kind: bounce.kind, softBouncesInWindow });
  if (!next) return { recorded: true, suppressed: false };
  await tx
    .update(subscribers)
    .set({ status: next, statusChangedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(subscribers.id, bounce.subscriberId));
  return { recorded: true, suppressed: true };
}

/** Soft bounces within the window, each send counted once (bounces_subscriber index). */
async function softBounceCount(tx: Tx, subscriberId: number): Promise<number> {
  const [row] = await tx
    .select({
      count: sql<number>`count(distinct coalesce('send:' || ${bounces.sendId}, 'bounce:' || ${bounces.id}))::int`,
    })
    .from(bounces)
    .where(
      and(
        eq(bounces.subscriberId, subscriberId),
        eq(bounces.kind, 'soft'),
        gte(bounces.createdAt, sql`now() - make_interval(days => ${SOFT_BOUNCE_WINDOW_DAYS})`),
      ),
    );
  return row?.count ?? 0;
}
