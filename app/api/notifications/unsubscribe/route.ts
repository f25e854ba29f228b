import { and, eq, inArray } from 'drizzle-orm';
import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { follows, subscribers, users } from '@/db/schema';
import { config } from '@/lib/config';
import { checkUnsubscribeToken, readUnsubscribeLink, type UnsubscribePurpose } from '@/lib/mail/unsubscribe';

/** What each kind of link turns off, for the recipient it names. */
const turnOff: Record<UnsubscribePurpose, (id: string) => Promise<unknown>> = {
  replies: async (userId) => (await getDb()).update(users).set({ notifyReplies: false, updatedAt: new Date() }).where(eq(users.id, userId)),
  briefing: async (subscriberId) =>
    /^\d{1,10}$/.test(subscriberId) &&
    (await getDb())
      .update(subscribers)
      .set({ status: 'unsubscribed', statusChangedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(subscribers.id, Number(subscriberId)), inArray(subscribers.status, ['pending', 'active']))),
  follows: async (userId) => (await getDb()).delete(follows).where(eq(follows.userId, userId)),
};

// Turns a kind of email off. The signed token in the link is the authorisation: it names one recipient and only
// this kind of email (lib/mail/unsubscribe.ts). POST only — the button on /notifications/unsubscribe, or a mail
// client's one-click unsubscribe (RFC 8058) — because mail scanners follow GET links.
export async function POST(request: NextRequest) {
  const link = readUnsubscribeLink(Object.fromEntries(request.nextUrl.searchParams));
  if (!link || !checkUnsubscribeToken(link)) {
    return new NextResponse('This unsubscribe link is not valid. Change email settings on your account page.', { status: 400 });
  }
  await turnOff[link.purpose](link.id);
  const oneClick = (await request.text().catch(() => '')).includes('List-Unsubscribe=One-Click');
  if (oneClick) return new NextResponse(null, { status: 200 });
  return NextResponse.redirect(`${config().SITE_URL}/notifications/unsubscribe?done=1`, 303);
}
