import { and, eq } from 'drizzle-orm';
import type { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { responses } from '@/db/schema';
import { currentUser } from '@/lib/auth/session';
import { editableUntil } from '@/lib/responses/rules';
import { rowIdOf } from '@/lib/routing/addresses';

// Which responses on an article are the signed-in reader's own, so that the (cached, shared) article page can show
// them their "edit" links once it has loaded. Personal, so never cached; an empty list for anyone signed out.
export async function GET(request: NextRequest) {
  // Not an article id (or too large for one: the column is an integer): no article, so nothing of theirs.
  const articleId = rowIdOf(request.nextUrl.searchParams.get('article'));
  const headers = { 'Cache-Control': 'private, no-store' };
  const user = articleId ? await currentUser() : null;
  if (!user || !articleId) return Response.json({ own: [] }, { headers });
  const db = await getDb();
  const rows = await db
    .select({ id: responses.id, status: responses.status, createdAt: responses.createdAt })
    .from(responses)
    .where(and(eq(responses.articleId, articleId), eq(responses.authorId, user.id)));
  const own = rows
    .filter((row) => row.status !== 'removed')
    .map((row) => ({ id: row.id, editableUntil: editableUntil(row)?.toISOString() ?? null }));
  return Response.json({ own }, { headers });
}
