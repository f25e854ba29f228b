import { lt, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { rateLimits } from '@/db/schema';
import { secondsLeft, waitInWords, windowStart, type CounterRule, type Verdict } from './rules';

/**
 * Counts a hit against each rule, in the database (one row per key and window, shared by every app instance),
 * and says whether all rules still allow it. A hit that is refused still counts, so hammering does not help.
 */
export async function hit(executor: Executor, rules: CounterRule[], now = Date.now()): Promise<Verdict> {
  for (const rule of rules) {
    const start = windowStart(now, rule.windowSeconds);
    const [row] = await executor
      .insert(rateLimits)
      .values({ key: rule.key, windowStart: new Date(start), count: 1 })
      .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
      .returning({ count: rateLimits.count });
    if (row!.count > rule.limit) {
      const retryAfterSeconds = secondsLeft(now, start, rule.windowSeconds);
      return { ok: false, retryAfterSeconds, message: rule.message(waitInWords(retryAfterSeconds)) };
    }
  }
  // Now and then, forget windows that ended more than a day ago.
  if (Math.random() < 0.01) await executor.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now - 24 * 60 * 60 * 1000)));
  return { ok: true };
}
