import 'server-only';
import { eq, lt } from 'drizzle-orm';
import { cookies } from 'next/headers';
import type { Executor } from '@/db/client';
import { responseDrafts } from '@/db/schema';
import { config } from '@/lib/config';

/**
 * A response written by a reader who is not signed in (or has not yet chosen a name) is kept as a draft, named by
 * an httpOnly cookie, until they can post it: nothing typed is lost on the way through sign-in.
 */

export const DRAFT_COOKIE = 'briefings-draft';
const DRAFT_DAYS = 7;

export async function saveDraft(executor: Executor, draft: { articleId: number; replyToId: number | null; body: string }): Promise<void> {
  const [{ id }] = (await executor.insert(responseDrafts).values(draft).returning({ id: responseDrafts.id })) as [{ id: string }];
  // Drafts nobody came back for.
  await executor.delete(responseDrafts).where(lt(responseDrafts.createdAt, new Date(Date.now() - DRAFT_DAYS * 86_400_000)));
  (await cookies()).set(DRAFT_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().SITE_URL.startsWith('https:'),
    path: '/',
    maxAge: DRAFT_DAYS * 86_400,
  });
}

export async function readDraft(executor: Executor) {
  const id = (await cookies()).get(DRAFT_COOKIE)?.value;
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) return null;
  const [draft] = await executor
    .select({ id: responseDrafts.id, articleId: responseDrafts.articleId, replyToId: responseDrafts.replyToId, body: responseDrafts.body })
    .from(responseDrafts)
    .where(eq(responseDrafts.id, id));
  return draft ?? null;
}

/** Forgets the draft this browser holds (once it is posted). */
export async function discardDraft(executor: Executor): Promise<void> {
  const jar = await cookies();
  const id = jar.get(DRAFT_COOKIE)?.value;
  if (id) await executor.delete(responseDrafts).where(eq(responseDrafts.id, id));
  jar.delete(DRAFT_COOKIE);
}
