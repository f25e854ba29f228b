import { eq } from 'drizzle-orm';
import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { config } from '@/lib/config';
import { checkUnsubscribeToken } from '@/lib/responses/notify';

// Turns reply emails off. The signed token in the link is the authorisation: it names one reader and only this
// setting. POST only — the button on /notifications/unsubscribe, or a mail client's one-click unsubscribe
// (RFC 8058) — because mail scanners follow GET links.
export async function POST(request: NextRequest) {
  const userId = request.nextUrl.searchParams.get('user') ?? '';
  const token = request.nextUrl.searchParams.get('token') ?? '';
  if (!userId || !token || !checkUnsubscribeToken(userId, token)) {
    return new NextResponse('This unsubscribe link is not valid. Change email settings on your account page.', { status: 400 });
  }
  const db = await getDb();
  await db.update(users).set({ notifyReplies: false, updatedAt: new Date() }).where(eq(users.id, userId));
  const oneClick = (await request.text().catch(() => '')).includes('List-Unsubscribe=One-Click');
  if (oneClick) return new NextResponse(null, { status: 200 });
  return NextResponse.redirect(`${config().SITE_URL}/notifications/unsubscribe?done=1`, 303);
}
