import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { deliveries, issues, sends, subscribers, type Subscriber } from '@/db/schema';

/** Subscribers, sends and deliveries written straight into the database, for tests of what reads or changes them. */

let counter = 0;

/**
 * A subscriber (active and confirmed unless told otherwise) with an address of its own, who consented (and
 * confirmed, and last changed status) at `at`: a time in the past lets a test see a change stamp a new one.
 */
export async function insertSubscriber(
  db: Executor,
  values: Partial<typeof subscribers.$inferInsert> = {},
  at = new Date(),
): Promise<Subscriber> {
  counter += 1;
  const status = values.status ?? 'active';
  const [row] = await db
    .insert(subscribers)
    .values({
      email: `subscriber-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.org`,
      status,
      consentSource: 'subscribe-page',
      consentWording: 'Send me the briefing every fortnight.',
      consentAt: at,
      confirmedAt: status === 'pending' ? null : at,
      statusChangedAt: at,
      ...values,
    })
    .returning();
  return row!;
}

/** A draft issue of its own (a send is one per issue) and a send of it, done. */
export async function insertSend(db: Executor, values: Partial<typeof sends.$inferInsert> = {}): Promise<number> {
  const [issue] = await db
    .insert(issues)
    .values({ date: sql`date '1900-01-01' + (select count(*)::int from ${issues})` as unknown as string, status: 'draft' })
    .returning({ id: issues.id });
  const [send] = await db
    .insert(sends)
    .values({ issueId: issue!.id, state: 'done', startedByName: 'test', ratePerSecond: 10, ...values })
    .returning({ id: sends.id });
  return send!.id;
}

/** A delivery of a send to a subscriber, sent unless told otherwise. */
export async function insertDelivery(
  db: Executor,
  sendId: number,
  subscriber: Pick<Subscriber, 'id' | 'email'>,
  values: Partial<typeof deliveries.$inferInsert> = {},
): Promise<number> {
  const [row] = await db
    .insert(deliveries)
    .values({ sendId, subscriberId: subscriber.id, email: subscriber.email, status: 'sent', finishedAt: new Date(), ...values })
    .returning({ id: deliveries.id });
  return row!.id;
}
