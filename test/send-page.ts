import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deliveries, issues, sends, subscribers, type DeliveryStatus, type SendState } from '@/db/schema';

/** Rows the send page's tests start from: published issues of their own, subscribers, sends with deliveries. */

let issueCount = 0;
let subscriberCount = 0;

/** A published issue (no articles) on a date no other test of this file uses. */
export async function insertPublishedIssue(db: Db, status: 'published' | 'draft' = 'published'): Promise<{ id: number; date: string }> {
  issueCount += 1;
  const date = new Date(Date.UTC(2031, 0, 1) + issueCount * 86_400_000).toISOString().slice(0, 10);
  const [row] = await db
    .insert(issues)
    .values({ date, status, publishedAt: status === 'published' ? new Date() : null })
    .returning({ id: issues.id, date: issues.date });
  return row!;
}

/** `count` subscribers with `status` (active unless told), each with an address of its own; returns their ids. */
export async function insertSubscribers(db: Db, count: number, status: 'active' | 'unsubscribed' = 'active', emails?: string[]) {
  const rows = Array.from({ length: count }, (_, index) => {
    subscriberCount += 1;
    return {
      email: emails?.[index] || `subscriber-${process.pid}-${subscriberCount}@example.org`,
      status,
      consentSource: 'import',
      consentWording: 'Imported for a test.',
      consentAt: new Date(),
      confirmedAt: new Date(),
    };
  });
  return (await db.insert(subscribers).values(rows).returning({ id: subscribers.id, email: subscribers.email })) as {
    id: number;
    email: string;
  }[];
}

export type DeliveryFixture = { status: DeliveryStatus; email?: string; answer?: string | null; attempts?: number };

/** A send of `issueId` in `state`, with one delivery (and a subscriber of its own) for each of `delivered`. */
export async function insertSend(
  db: Db,
  issueId: number,
  state: SendState,
  delivered: DeliveryFixture[] = [],
  values: Partial<typeof sends.$inferInsert> = {},
): Promise<number> {
  const started = state !== 'scheduled' && state !== 'late';
  const [send] = await db
    .insert(sends)
    .values({
      issueId,
      state,
      startedByName: 'A test',
      ratePerSecond: 50,
      audience: delivered.length,
      startedAt: started ? new Date() : null,
      scheduledFor: started ? null : new Date(Date.now() + 86_400_000),
      pauseReason: state === 'paused' ? 'Paused by a test' : null,
      ...values,
    })
    .returning({ id: sends.id });
  const people = delivered.length
    ? await insertSubscribers(
        db,
        delivered.length,
        'active',
        delivered.map((row) => row.email ?? ''),
      )
    : [];
  if (delivered.length)
    await db.insert(deliveries).values(
      delivered.map((row, index) => ({
        sendId: send!.id,
        subscriberId: people[index]!.id,
        email: people[index]!.email,
        status: row.status,
        attempts: row.attempts ?? (row.status === 'queued' ? 0 : 1),
        answer: row.answer ?? null,
        leaseUntil: row.status === 'sending' ? new Date(Date.now() + 60_000) : null,
        finishedAt: ['sent', 'failed', 'uncertain', 'skipped'].includes(row.status) ? new Date() : null,
      })),
    );
  return send!.id;
}

export async function sendRow(db: Db, issueId: number) {
  const [row] = await db.select().from(sends).where(eq(sends.issueId, issueId));
  return row;
}
