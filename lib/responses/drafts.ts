import 'server-only';
import { and, eq, gte } from 'drizzle-orm';
import { cookies } from 'next/headers';
import type { Executor } from '@/db/client';
import { responseDrafts } from '@/db/schema';
import { config } from '@/lib/config';
import { DRAFT_DAYS, oldestKept } from './draft-store';

/**
 * Which draft response is this browser's: an httpOnly cookie names it, from the moment it is kept (keepDraft, in
 * lib/responses/draft-store.ts) until it is posted or expires.
 */

export const DRAFT_COOKIE = 'briefings-draft';

/** The draft this browser's cookie names, if the cookie holds a well-formed id. */
export async function draftOfThisBrowser(): Promise<string | null> {
  const id = (await cookies()).get(DRAFT_COOKIE)?.value;
  return id && /^[0-9a-f-]{36}$/.test(id) ? id : null;
}

/** Makes a draft just kept this browser's (in place of the one it had). */
export async function rememberDraft(id: string): Promise<void> {
  (await cookies()).set(DRAFT_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().SITE_URL.startsWith('https:'),
    path: '/',
    maxAge: DRAFT_DAYS * 86_400,
  });
}

/** Forgets this browser's draft, once it is posted (addResponse removed the row). */
export async function forgetDraft(): Promise<void> {
  (await cookies()).delete(DRAFT_COOKIE);
}

/** The draft this browser holds, unless it has expired (expired rows may linger until a save removes them). */
export async function readDraft(executor: Executor) {
  const id = await draftOfThisBrowser();
  if (!id) return null;
  const [draft] = await executor
    .select({ id: responseDrafts.id, articleId: responseDrafts.articleId, replyToId: responseDrafts.replyToId, body: responseDrafts.body })
    .from(responseDrafts)
    .where(and(eq(responseDrafts.id, id), gte(responseDrafts.createdAt, oldestKept())));
  return draft ?? null;
}
