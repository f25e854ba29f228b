import { and, eq, inArray, sql } from 'drizzle-orm';
import { subscribers, type SubscriberStatus } from '@/db/schema';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import type { UnsubscribeLink } from '@/lib/mail/unsubscribe';
import { emailAuthority } from './authority';

/**
 * Stopping and restarting the briefing for one address, by the recipient: from a link in an email (its signed
 * token: lib/mail/unsubscribe.ts — a mail provider's one-click POST, the unsubscribe page, the preferences page)
 * or signed in (the preferences page). Who may act on which subscription is lib/subscriptions/authority.ts's.
 */

/** The words beside the button that subscribes again from the preferences page: kept as the consent's wording. */
export const RESUBSCRIBE_WORDING =
  'Email me the briefing when each issue is published. I can stop it at any time with the link in every email.';

/** Where the consent came from when given on the preferences page. */
export const PREFERENCES_SOURCE = 'preferences';

export type SubscriptionOutcome = { email: string; status: SubscriberStatus | null; changed: boolean };

/**
 * Pending or active → unsubscribed (with the time). Idempotent: an address already unsubscribed stays so, and one
 * that bounced or complained keeps that status (stronger: staff see why mail stopped). No subscription at all is
 * nothing to stop, and not an error either: the page says so.
 */
export const unsubscribe = command(null, async ({ tx, actor }, input: { link?: UnsubscribeLink }): Promise<SubscriptionOutcome> => {
  const authority = await emailAuthority(tx, actor, input.link);
  if (!authority.subscriber) return { email: authority.email, status: null, changed: false };
  const now = new Date();
  const [changed] = await tx
    .update(subscribers)
    .set({ status: 'unsubscribed', statusChangedAt: now, updatedAt: now })
    .where(and(eq(subscribers.id, authority.subscriber.id), inArray(subscribers.status, ['pending', 'active'])))
    .returning({ status: subscribers.status });
  if (changed) return { email: authority.email, status: changed.status, changed: true };
  const [current] = await tx.select({ status: subscribers.status }).from(subscribers).where(eq(subscribers.id, authority.subscriber.id));
  return { email: authority.email, status: current?.status ?? null, changed: false };
});

/**
 * The briefing again, at once, from the preferences page. Whoever may act here has shown that they read the
 * address: a token came in an email to it (so using it is the same proof a double opt-in link is), and a
 * signed-in reader signed in with it. So the subscription is active at once — no confirmation email — with fresh
 * consent evidence: source "preferences", the words beside the button, now. An address that bounced or
 * complained is not restarted here: mail to it failed or was reported as spam, and only staff can clear that.
 */
export const resubscribe = command(null, async ({ tx, actor }, input: { link?: UnsubscribeLink }): Promise<SubscriptionOutcome> => {
  const authority = await emailAuthority(tx, actor, input.link);
  const status = authority.subscriber?.status;
  if (status === 'active') return { email: authority.email, status, changed: false };
  if (status === 'bounced' || status === 'complained')
    refuse(
      'conflict',
      status === 'bounced'
        ? 'Email to this address bounced, so the briefing stopped. Write to us to start it again.'
        : 'This address reported the briefing as spam, so it stopped. Write to us to start it again.',
    );
  const now = new Date();
  const consent = { consentSource: PREFERENCES_SOURCE, consentWording: RESUBSCRIBE_WORDING, consentAt: now, consentNote: null };
  const [row] = await tx
    .insert(subscribers)
    .values({ email: authority.email, status: 'active', confirmedAt: now, statusChangedAt: now, ...consent })
    .onConflictDoUpdate({
      target: subscribers.email,
      set: {
        status: 'active',
        confirmedAt: sql`coalesce(${subscribers.confirmedAt}, ${now.toISOString()}::timestamptz)`,
        statusChangedAt: now,
        updatedAt: now,
        ...consent,
      },
      // Another request may have changed it since it was read: only what may be restarted is.
      setWhere: inArray(subscribers.status, ['pending', 'unsubscribed']),
    })
    .returning({ status: subscribers.status });
  if (!row) refuse('conflict', 'This subscription changed just now. Reload the page and try again.');
  return { email: authority.email, status: row.status, changed: true };
});
