import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '@/db/client';
import { deliveries, issues, subscribers, type DeliveryStatus } from '@/db/schema';

/** Fixtures for tests of sending: issues of their own, audiences of their own, and waiting for a send's end. */

let issueCount = 0;

/** A published issue of its own (sends are one per issue), dated after the real one. */
export async function publishedIssue(db: Db, status: 'published' | 'draft' = 'published'): Promise<number> {
  issueCount += 1;
  const date = new Date(Date.UTC(2030, 0, 1) + issueCount * 86_400_000).toISOString().slice(0, 10);
  const [issue] = await db
    .insert(issues)
    .values({ date, status, publishedAt: status === 'published' ? new Date() : null })
    .returning({ id: issues.id });
  return issue!.id;
}

let audienceCount = 0;

/**
 * Makes the active subscribers exactly `count` new ones (everyone active before is unsubscribed), addressed
 * `<label>-<n>@example.org`. Returns their ids and addresses, in order.
 */
export async function freshAudience(db: Db, count: number, label = 'reader'): Promise<{ id: number; email: string }[]> {
  await db.update(subscribers).set({ status: 'unsubscribed' }).where(eq(subscribers.status, 'active'));
  audienceCount += 1;
  return addSubscribers(db, count, `${label}${audienceCount}`);
}

export async function addSubscribers(db: Db, count: number, prefix: string): Promise<{ id: number; email: string }[]> {
  const made: { id: number; email: string }[] = [];
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
      email: `${prefix}-${start + i + 1}@example.org`,
      status: 'active' as const,
      consentSource: 'subscribe-page',
      consentWording: 'Send me the briefing.',
      consentAt: new Date(),
      confirmedAt: new Date(),
    }));
    made.push(...(await db.insert(subscribers).values(rows).returning({ id: subscribers.id, email: subscribers.email })));
  }
  return made;
}

export async function deliveryRows(db: Executor, sendId: number) {
  return db.select().from(deliveries).where(eq(deliveries.sendId, sendId)).orderBy(deliveries.id);
}

export async function statusCounts(db: Executor, sendId: number): Promise<Partial<Record<DeliveryStatus, number>>> {
  const rows = await db
    .select({ status: deliveries.status, count: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(eq(deliveries.sendId, sendId))
    .groupBy(deliveries.status);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** Waits, polling, until `condition` holds (generous: the machine is shared). */
export async function until(condition: () => Promise<boolean> | boolean, timeout = 120_000, what = 'the condition'): Promise<void> {
  for (const start = Date.now(); !(await condition());) {
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
