import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { subscribers, type SubscriberStatus } from '@/db/schema';

/** The subscription of one address (a reader's own, as they sign in), for their own pages: never cached. */
export async function subscriptionOf(email: string): Promise<{ status: SubscriberStatus; confirmedAt: Date | null } | null> {
  const [row] = await (
    await getDb()
  )
    .select({ status: subscribers.status, confirmedAt: subscribers.confirmedAt })
    .from(subscribers)
    .where(eq(subscribers.email, email.toLowerCase()));
  return row ?? null;
}
