import type { BounceKind, SubscriberStatus } from '@/db/schema';

/**
 * When a bounce or a complaint stops mail to an address. Pure: it sees only the subscriber's status, what came back
 * and how many soft bounces the address has had lately; lib/subscriptions/bounces.ts reads those and writes the
 * outcome.
 *
 * - A hard bounce (5.x.x: no such mailbox, domain gone) suppresses at once: mailbox providers judge a sender by how
 *   often it mails addresses that do not exist, and a permanent failure does not heal by retrying.
 * - A complaint (the recipient pressed "report spam") suppresses at once: Gmail's sender guidelines ask for a spam
 *   rate under 0.1 % and treat 0.3 % as the line past which mail is refused, so one complaint is one too many to
 *   risk again. It outranks the other stops: an address that complained stays "complained" even if it had bounced
 *   or unsubscribed before, so that nobody re-adds it without seeing why.
 * - Soft bounces (4.x.x: mailbox full, server busy) suppress only when they repeat: SOFT_BOUNCE_LIMIT of them,
 *   from different sends, within SOFT_BOUNCE_WINDOW_DAYS.
 */

/** Three failed issues in a row is a mailbox that is not coming back; one or two is a full inbox or a holiday. */
export const SOFT_BOUNCE_LIMIT = 3;

/**
 * The briefing goes out fortnightly, so three consecutive issues span 28 days; 45 days gives a late or resent issue
 * room while letting a bounce from months ago be forgotten.
 */
export const SOFT_BOUNCE_WINDOW_DAYS = 45;

/** Statuses that still receive mail (or will once confirmed): the only ones a bounce can stop. */
const RECEIVING: readonly SubscriberStatus[] = ['pending', 'active'];

export type BounceCase = {
  status: SubscriberStatus;
  kind: BounceKind;
  /**
   * Soft bounces in the window, this one included, counting each send once (a delayed message may be reported
   * several times before it fails; that is one failure, not several) and each bounce without a send once.
   */
  softBouncesInWindow: number;
};

/** The status the subscriber should have now, or null to leave it as it is. */
export function statusAfterBounce({ status, kind, softBouncesInWindow }: BounceCase): SubscriberStatus | null {
  if (kind === 'complaint') return status === 'complained' ? null : 'complained';
  if (!RECEIVING.includes(status)) return null;
  if (kind === 'hard') return 'bounced';
  return softBouncesInWindow >= SOFT_BOUNCE_LIMIT ? 'bounced' : null;
}
