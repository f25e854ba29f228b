import { formatDateTime } from '@/lib/format';

/**
 * A reader's standing: suspended, banned, or free to take part. Pure, and free of the session (which loads Auth.js),
 * so that commands, which read the reader afresh in their own transaction, can decide by it too.
 */

type Standing = { suspendedUntil: Date | null; banned: boolean };

/** Banned, or suspended until a time still to come: may read, but not post, edit or report. */
export function isSanctioned(user: Standing, now = Date.now()): boolean {
  return user.banned || (user.suspendedUntil !== null && user.suspendedUntil.getTime() > now);
}

/** What a sanctioned reader is told: that, why, and until when. */
export function sanctionMessage(user: Standing & { sanctionReason: string | null }): string {
  const why = user.sanctionReason ? ` The moderators’ reason: ${user.sanctionReason}` : '';
  const what = 'you can read, but not post, edit or report responses';
  if (user.banned) return `Your account is banned from taking part: ${what}.${why}`;
  return `Your account is suspended until ${formatDateTime(user.suspendedUntil!)}: ${what} until then.${why}`;
}
