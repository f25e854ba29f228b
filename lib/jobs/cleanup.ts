import { lt } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { rateLimits, responseDrafts, sessions, signInNetworks, verificationTokens } from '@/db/schema';
import { KNOWN_NETWORK_DAYS } from '@/lib/auth/constants';
import { FORGET_WINDOWS_AFTER_MS } from '@/lib/ratelimit/store';
import { oldestKept } from '@/lib/responses/draft-store';
import type { JobHandler } from './job';
import { log } from '@/lib/ops/log.mjs';

/**
 * The hourly cleanup (scheduled in lib/jobs/definitions.ts): rows whose time is up, each by the rule of the code that
 * writes it. Nothing else removes most of them — a draft nobody resumes, a sign-in link nobody used, a session
 * nobody came back to — and the rest only now and then.
 */
export const removeExpiredRows: JobHandler<object> = async (_payload, { db }) => {
  const removed = await removeExpired(db);
  const said = Object.entries(removed).filter(([, count]) => count > 0);
  if (said.length) log().info(`Briefings: cleanup removed ${said.map(([what, count]) => `${count} ${what}`).join(', ')}.`);
};

export async function removeExpired(db: Executor, now = Date.now()) {
  const count = (rows: unknown[]) => rows.length;
  return {
    // Drafts are resumed for DRAFT_DAYS after they are written (lib/responses/drafts.ts).
    'expired drafts': count(
      await db
        .delete(responseDrafts)
        .where(lt(responseDrafts.createdAt, oldestKept(now)))
        .returning({ id: responseDrafts.id }),
    ),
    // Auth.js's sign-in link tokens: a link works until `expires` (lib/auth/sign-in-link.ts, signInLinkIsLive).
    'expired sign-in links': count(
      await db
        .delete(verificationTokens)
        .where(lt(verificationTokens.expires, new Date(now)))
        .returning({ token: verificationTokens.token }),
    ),
    // Auth.js refuses a session past `expires` (and deletes it if it is ever presented again).
    'expired sessions': count(
      await db
        .delete(sessions)
        .where(lt(sessions.expires, new Date(now)))
        .returning({ token: sessions.sessionToken }),
    ),
    // Counters of rate-limit windows long over (lib/ratelimit/store.ts).
    'old rate-limit counters': count(
      await db
        .delete(rateLimits)
        .where(lt(rateLimits.windowStart, new Date(now - FORGET_WINDOWS_AFTER_MS)))
        .returning({ key: rateLimits.key }),
    ),
    // Networks not signed in from for KNOWN_NETWORK_DAYS (lib/auth/constants.ts).
    'forgotten sign-in networks': count(
      await db
        .delete(signInNetworks)
        .where(lt(signInNetworks.lastSignedInAt, new Date(now - KNOWN_NETWORK_DAYS * 86_400_000)))
        .returning({ network: signInNetworks.network }),
    ),
  };
}
