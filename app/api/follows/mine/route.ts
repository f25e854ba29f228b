import { and, eq } from 'drizzle-orm';
import type { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { follows } from '@/db/schema';
import { currentUser } from '@/lib/auth/session';
import { rowIdOf } from '@/lib/routing/addresses';

// Whether the signed-in reader follows an article, so that the (cached, shared) article page can turn its Follow
// button into Unfollow once it has loaded. Personal, so never cached; signed out, nobody follows anything.
export async function GET(request: NextRequest) {
  const articleId = rowIdOf(request.nextUrl.searchParams.get('article'));
  const headers = { 'Cache-Control': 'private, no-store' };
  const user = articleId ? await currentUser() : null;
  if (!user || !articleId) return Response.json({ signedIn: Boolean(user), following: false }, { headers });
  const db = await getDb();
  const [row] = await db
    .select({ articleId: follows.articleId })
    .from(follows)
    .where(and(eq(follows.userId, user.id), eq(follows.articleId, articleId)));
  return Response.json({ signedIn: true, following: Boolean(row) }, { headers });
}
