import { eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { subscribers, users, type SubscriberStatus } from '@/db/schema';
import type { Actor } from '@/lib/commands/actor';
import { refuse } from '@/lib/commands/refusal';
import { checkUnsubscribeToken, type UnsubscribeLink } from '@/lib/mail/unsubscribe';
import { rowIdOf } from '@/lib/routing/addresses';

/**
 * Whose email settings a write (or the preferences page) may touch, and on what evidence: the signed token of a
 * link in one of our emails, or the signed-in reader. Every token was only ever mailed to one address, so using it
 * proves the holder reads that mailbox — the evidence a sign-in link or a double opt-in link gives — but tokens
 * are long-lived and emails get forwarded, so a token reaches no further than the mail it came in:
 *
 * - a briefing token (a subscriber) governs that subscription only; the briefing is the email most often forwarded,
 *   and it must not hand a colleague the reader's account settings, even when a reader has the same address;
 * - a replies or follows token (a user: only ever sent to the account's own address) governs that account's emails:
 *   reply emails, followed articles, and the briefing subscription of the same address;
 * - a signed-in reader governs their account's emails and the briefing subscription of their account's address.
 */
export type EmailAuthority = {
  email: string;
  /** The account whose reply emails and follows may change; null for a briefing token. */
  userId: string | null;
  /** The subscription of the address, if there is one. */
  subscriber: { id: number; status: SubscriberStatus } | null;
  via: 'token' | 'session';
};

export const BAD_LINK = 'This link is not valid (it may have been cut short). Sign in to change your email settings.';

export async function emailAuthority(executor: Executor, actor: Actor, link?: UnsubscribeLink): Promise<EmailAuthority> {
  if (link) {
    if (!checkUnsubscribeToken(link)) refuse('not-allowed', BAD_LINK);
    if (link.purpose === 'briefing') {
      const id = rowIdOf(link.id);
      const [subscriber] = id
        ? await executor
            .select({ id: subscribers.id, status: subscribers.status, email: subscribers.email })
            .from(subscribers)
            .where(eq(subscribers.id, id))
        : [];
      if (!subscriber) refuse('not-found', 'This address is no longer on our list.');
      return { email: subscriber.email, userId: null, subscriber: { id: subscriber.id, status: subscriber.status }, via: 'token' };
    }
    return accountAuthority(executor, link.id, 'token');
  }
  if (!actor.id) refuse('not-allowed', 'Sign in to change your email settings.');
  return accountAuthority(executor, actor.id, 'session');
}

async function accountAuthority(executor: Executor, userId: string, via: EmailAuthority['via']): Promise<EmailAuthority> {
  const [user] = await executor.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) refuse('not-found', 'This account no longer exists.');
  const [subscriber] = await executor
    .select({ id: subscribers.id, status: subscribers.status })
    .from(subscribers)
    .where(eq(subscribers.email, user.email));
  return { email: user.email, userId: user.id, subscriber: subscriber ?? null, via };
}

/** The account an authority may change the reply emails and follows of, or a refusal saying how to get one. */
export function accountOf(authority: EmailAuthority): string {
  if (!authority.userId) refuse('not-allowed', 'This link changes only the briefing. Sign in to change your other emails.');
  return authority.userId;
}
