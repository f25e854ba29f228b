/**
 * The sending engine's decisions, pure: how many messages the shared per-second counter grants, how long a
 * temporary failure waits, when a send pauses itself, when it is done, and when a scheduled send is late. The
 * engine (lib/sending/sender.ts) and the commands (lib/sending/commands.ts) only read and write the rows.
 */

/** A claimed message must be answered within this; past it, the row is uncertain (the sweep). */
export const LEASE_SECONDS = 60;

/**
 * How long one SMTP exchange may take before the sender gives up waiting and calls the row uncertain itself:
 * well inside the lease, so that no other instance's sweep decides first.
 */
export function sendTimeoutMs(leaseSeconds: number): number {
  return Math.max(1000, Math.floor(leaseSeconds * 1000 * 0.75));
}

/** Temporary failures (4xx, a dropped connection) are tried this many times in all before the row fails. */
export const MAX_ATTEMPTS = 5;

/** Failures in a row (no success between) that pause a send: a mail server refusing everything, a bad account. */
export const PAUSE_AFTER_FAILURES = 20;

/** A scheduled send whose job runs more than this after its time waits as 'late' for a person to confirm it. */
export const LATE_AFTER_MS = 60 * 60 * 1000;

/** The recent rate on the send page is counted over this many seconds. */
export const RATE_WINDOW_SECONDS = 10;

/**
 * The per-second counter is raised by `wanted` at once (an atomic upsert); `countAfter` is its value afterwards.
 * What this caller may send is what was left under `limit` before its own increase: never below 0, never over
 * what it asked for. Two instances asking at once are serialised by the row's lock, so between them they never
 * get more than `limit`.
 */
export function grantedSlots(countAfter: number, wanted: number, limit: number): number {
  const before = countAfter - wanted;
  return Math.max(0, Math.min(wanted, limit - before));
}

/** The start of the one-second window `now` is in, and how long until the next one. */
export function rateWindow(now: number): { start: number; msLeft: number } {
  const start = Math.floor(now / 1000) * 1000;
  return { start, msLeft: start + 1000 - now };
}

/**
 * Seconds before attempt `attempts + 1`, after `attempts` tries that failed temporarily: 1 min, 2, 4, 8 … up to an
 * hour. `scale` shortens it (tests).
 */
export function retryDelaySeconds(attempts: number, scale = 1): number {
  const minutes = Math.min(60, 2 ** Math.max(0, attempts - 1));
  return minutes * 60 * scale;
}

export type FailureOutcome = { status: 'queued'; delaySeconds: number } | { status: 'failed' };

/** What a failed attempt leaves the row as: queued again (temporary, attempts left) or failed. */
export function afterFailure(failure: { temporary: boolean }, attempts: number, maxAttempts = MAX_ATTEMPTS, scale = 1): FailureOutcome {
  if (failure.temporary && attempts < maxAttempts) return { status: 'queued', delaySeconds: retryDelaySeconds(attempts, scale) };
  return { status: 'failed' };
}

/** Whether a send with this many failures since its last success pauses itself. */
export function shouldPause(failuresInARow: number, limit = PAUSE_AFTER_FAILURES): boolean {
  return failuresInARow >= limit;
}

/** What staff are told when a send paused itself. */
export function autoPauseReason(failuresInARow: number, lastAnswer: string): string {
  const answer = lastAnswer.replace(/\s+/g, ' ').trim().slice(0, 300) || 'no answer';
  return `${failuresInARow} failures in a row; the last: ${answer}`;
}

/** A send is done when nothing is left to send or in flight (uncertain, failed and skipped rows are finished). */
export function isDone(counts: { queued: number; sending: number }): boolean {
  return counts.queued === 0 && counts.sending === 0;
}

/** A scheduled send whose job runs at `now`: start it, wait (the job came early: a newer one has its time), or late. */
export function scheduledVerdict(scheduledFor: number, now: number): 'start' | 'early' | 'late' {
  if (now < scheduledFor - 5000) return 'early';
  if (now - scheduledFor > LATE_AFTER_MS) return 'late';
  return 'start';
}

/** Seconds left at the recent rate (or, before any, the send's own rate); null when nothing is left. */
export function secondsLeft(left: number, perSecond: number, ratePerSecond: number): number | null {
  if (left <= 0) return null;
  const rate = perSecond > 0 ? Math.min(perSecond, ratePerSecond) : ratePerSecond;
  return Math.ceil(left / rate);
}
