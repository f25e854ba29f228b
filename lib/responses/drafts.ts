import 'server-only';
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { cookies } from 'next/headers';
import type { Executor } from '@/db/client';
import { responseDrafts } from '@/db/schema';
import { config } from '@/lib/config';
import { clientNetwork } from '@/lib/http/client';
import { DRAFT_RULES, type Verdict } from '@/lib/ratelimit/rules';
import { hit } from '@/lib/ratelimit/store';

/**
 * A response written by a reader who is not signed in (or has not yet chosen a name) is kept as a draft, named by
 * an httpOnly cookie, until they can post it: nothing typed is lost on the way through sign-in.
 *
 * Anyone can write one, so what they cost is bounded: one live draft per browser (a new one takes the place of the
 * one its cookie names), a counted number per network an hour, and seven days before a draft is ignored and then
 * removed.
 */

export const DRAFT_COOKIE = 'briefings-draft';
export const DRAFT_DAYS = 7;
const DRAFT_LIFETIME_MS = DRAFT_DAYS * 86_400_000;
/**
 * How many expired drafts one save removes. Each save adds one draft, so removing up to this many keeps pace with
 * any rate of saving, while one request never does unbounded work after a quiet spell.
 */
export const EXPIRED_PER_SAVE = 50;

/** Drafts made before this have expired: never resumed, and removed (here, a batch per save, and by the cleanup job). */
export const oldestKept = (now = Date.now()) => new Date(now - DRAFT_LIFETIME_MS);

async function cookieDraftId(): Promise<string | null> {
  const id = (await cookies()).get(DRAFT_COOKIE)?.value;
  return id && /^[0-9a-f-]{36}$/.test(id) ? id : null;
}

/** Removes the oldest expired drafts, a bounded batch, by the index on created_at; rows another save holds are left. */
async function removeExpired(executor: Executor): Promise<void> {
  const expired = executor
    .select({ id: responseDrafts.id })
    .from(responseDrafts)
    .where(lt(responseDrafts.createdAt, oldestKept()))
    .orderBy(asc(responseDrafts.createdAt))
    .limit(EXPIRED_PER_SAVE)
    .for('update', { skipLocked: true });
  await executor.delete(responseDrafts).where(inArray(responseDrafts.id, expired));
}

/**
 * Keeps a draft for this browser, replacing the one it had, unless its network has kept too many this hour (then
 * nothing is stored, and the verdict says why and for how long).
 */
export async function saveDraft(
  executor: Executor,
  draft: { articleId: number; replyToId: number | null; body: string },
): Promise<Verdict> {
  const verdict = await hit(executor, [DRAFT_RULES.perNetwork(await clientNetwork())]);
  if (!verdict.ok) return verdict;
  const previous = await cookieDraftId();
  if (previous) await executor.delete(responseDrafts).where(eq(responseDrafts.id, previous));
  const [{ id }] = (await executor.insert(responseDrafts).values(draft).returning({ id: responseDrafts.id })) as [{ id: string }];
  await removeExpired(executor);
  (await cookies()).set(DRAFT_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().SITE_URL.startsWith('https:'),
    path: '/',
    maxAge: DRAFT_DAYS * 86_400,
  });
  return { ok: true };
}

/** The draft this browser holds, unless it has expired (expired rows may linger until a save removes them). */
export async function readDraft(executor: Executor) {
  const id = await cookieDraftId();
  if (!id) return null;
  const [draft] = await executor
    .select({ id: responseDrafts.id, articleId: responseDrafts.articleId, replyToId: responseDrafts.replyToId, body: responseDrafts.body })
    .from(responseDrafts)
    .where(and(eq(responseDrafts.id, id), gte(responseDrafts.createdAt, oldestKept())));
  return draft ?? null;
}

/** Forgets the draft this browser holds (once it is posted). */
export async function discardDraft(executor: Executor): Promise<void> {
  const jar = await cookies();
  const id = jar.get(DRAFT_COOKIE)?.value;
  if (id) await executor.delete(responseDrafts).where(eq(responseDrafts.id, id));
  jar.delete(DRAFT_COOKIE);
}
