import { lt, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { secondsLeft, waitInWords, windowStart, type CounterRule, type Limited, type Verdict } from './rules';

/** Counters of windows that ended more than this long ago are forgotten (the longest window is a day). */
export const FORGET_WINDOWS_AFTER_MS = 24 * 60 * 60 * 1000;

/** Thrown inside hit()'s transaction to undo its counts when one rule refuses. */
class Refused extends Error {
  constructor(readonly verdict: Limited) {
    super(verdict.message);
  }
}

/**
 * Counts a hit against every rule, in the database (one row per key and window, shared by every app instance),
 * and says whether all rules allow it. All or nothing: a refused hit counts in none of the rules, so one that is
 * full never fills the others, and requests that are turned away never lengthen a wait. The counts are raised
 * and checked under the rows' locks, so two requests at once cannot both take the last place.
 */
export async function hit(executor: Executor, rules: CounterRule[], now = Date.now()): Promise<Verdict> {
  try {
    await executor.transaction(async (tx) => {
      for (const rule of rules) {
        const start = windowStart(now, rule.windowSeconds);
        const [row] = await tx
          .insert(rateLimits)
          .values({ key: rule.key, windowStart: new Date(start), count: 1 })
          .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
          .returning({ count: rateLimits.count });
        if (row!.count > rule.limit) {
          const retryAfterSeconds = secondsLeft(now, start, rule.windowSeconds);
          throw new Refused({ ok: false, retryAfterSeconds, message: rule.message(waitInWords(retryAfterSeconds)) });
        }
      }
    });
  } catch (error) {
    if (error instanceof Refused) return error.verdict;
    throw error;
  }
  // Now and then, forget old windows (the cleanup job does too, hourly: lib/jobs/cleanup.ts).
  if (Math.random() < 0.01) await executor.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now - FORGET_WINDOWS_AFTER_MS)));
  return { ok: true };
}
