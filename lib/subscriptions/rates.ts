import { and, count, countDistinct, eq, inArray } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { bounces, deliveries } from '@/db/schema';

/**
 * How one send fared: messages delivered, addresses that bounced or complained, and the two rates mailbox
 * providers judge a sender by. Gmail's sender guidelines: keep the spam-complaint rate under 0.1 %, and never let
 * it reach 0.3 % — past that, mail is filtered or refused. Bounces have no published line; a hard-bounce rate
 * above 2 % is commonly taken as a list that needs cleaning.
 */

/** Gmail's aim: complaints under this share of delivered messages. */
export const COMPLAINT_RATE_AIM = 0.001;
/** Gmail's limit: at or over this, mail from the sender is filtered or refused. */
export const COMPLAINT_RATE_LIMIT = 0.003;
/** A hard-bounce rate above this suggests the list holds many dead addresses. */
export const BOUNCE_RATE_WARNING = 0.02;

export type DeliveryRates = {
  /** Messages the mail server accepted. */
  delivered: number;
  /** Addresses with a hard bounce for this send (at sending, or reported later). */
  hardBounces: number;
  softBounces: number;
  complaints: number;
  /** Hard bounces per message attempted (accepted or refused); null before any was. */
  bounceRate: number | null;
  /** Complaints per message delivered; null before any was. */
  complaintRate: number | null;
};

/** The send's counts and rates (deliveries_send_status and bounces_send indexes); each address counted once per kind. */
export async function issueDeliveryRates(executor: Executor, sendId: number): Promise<DeliveryRates> {
  const [attempts, kinds] = await Promise.all([
    executor
      .select({ status: deliveries.status, count: count() })
      .from(deliveries)
      .where(and(eq(deliveries.sendId, sendId), inArray(deliveries.status, ['sent', 'failed'])))
      .groupBy(deliveries.status),
    executor
      .select({ kind: bounces.kind, count: countDistinct(bounces.subscriberId) })
      .from(bounces)
      .where(eq(bounces.sendId, sendId))
      .groupBy(bounces.kind),
  ]);
  const of = <Row extends { count: number }>(rows: Row[], match: (row: Row) => boolean) => Number(rows.find(match)?.count ?? 0);
  const delivered = of(attempts, (row) => row.status === 'sent');
  const attempted = delivered + of(attempts, (row) => row.status === 'failed');
  const hardBounces = of(kinds, (row) => row.kind === 'hard');
  const complaints = of(kinds, (row) => row.kind === 'complaint');
  return {
    delivered,
    hardBounces,
    softBounces: of(kinds, (row) => row.kind === 'soft'),
    complaints,
    bounceRate: attempted ? hardBounces / attempted : null,
    complaintRate: delivered ? complaints / delivered : null,
  };
}

export type RateStanding = 'good' | 'watch' | 'bad';

/** Where a complaint rate stands against Gmail's lines: under the aim, between aim and limit, at or over the limit. */
export function complaintStanding(rate: number | null): RateStanding {
  if (rate === null || rate < COMPLAINT_RATE_AIM) return 'good';
  return rate < COMPLAINT_RATE_LIMIT ? 'watch' : 'bad';
}

export function bounceStanding(rate: number | null): RateStanding {
  return rate !== null && rate > BOUNCE_RATE_WARNING ? 'watch' : 'good';
}

/** "0.25 %": a rate as staff read it, with enough digits to see the 0.1 % line. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const percent = rate * 100;
  return `${percent.toFixed(percent < 1 ? 2 : 1)} %`;
}
