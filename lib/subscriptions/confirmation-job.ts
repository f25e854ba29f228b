import { eq } from 'drizzle-orm';
import { subscribers } from '@/db/schema';
import type { JobHandler } from '@/lib/jobs/job';
import { sendMail } from '@/lib/mail/send';
import { alreadySubscribedMessage } from '@/lib/mail/templates/AlreadySubscribedEmail';
import { subscriptionConfirmMessage } from '@/lib/mail/templates/SubscriptionConfirmEmail';
import { confirmationUrl } from './confirm-token';

/**
 * The job lib/subscriptions/subscribe.ts queues: reads the subscriber afresh and sends what is due now — to a
 * pending one, the link for their latest request; to an active one, when that is what was asked, the note that
 * they already are subscribed; to anyone else (confirmed or unsubscribed meanwhile, bounced, complained, gone),
 * nothing. A mail server that refuses makes it throw, and pg-boss tries again later.
 */
export const sendSubscriptionConfirmation: JobHandler<{ subscriberId: number; kind: 'confirm' | 'already-subscribed' }> = async (
  { subscriberId, kind },
  { db },
) => {
  const [row] = await db.select().from(subscribers).where(eq(subscribers.id, subscriberId));
  if (!row) return;
  if (row.status === 'pending') await sendMail(await subscriptionConfirmMessage(row.email, confirmationUrl(row)));
  else if (row.status === 'active' && kind === 'already-subscribed') await sendMail(await alreadySubscribedMessage(row.email));
};
