import { NextResponse, type NextRequest } from 'next/server';
import { config } from '@/lib/config';
import { checkUnsubscribeToken, readUnsubscribeLink, unsubscribeQuery } from '@/lib/mail/unsubscribe';
import { turnOffEmails } from '@/lib/subscriptions/turn-off';

const PLAIN = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' };

// Turns a kind of email off. The signed token in the link is the only authorisation (lib/mail/unsubscribe.ts): it
// names one recipient and one kind of email. No cookie or session is read, so a mail provider's RFC 8058 one-click
// POST (body "List-Unsubscribe=One-Click", no Origin or a foreign one — proxy.ts lets this one path through, see
// lib/http/same-origin.ts) works as well as the button on /notifications/unsubscribe. POST only, because mail
// scanners follow GET links; a GET is sent to the page with the button. Doing it twice is doing it once.
export async function POST(request: NextRequest) {
  const link = readUnsubscribeLink(Object.fromEntries(request.nextUrl.searchParams));
  if (!link || !checkUnsubscribeToken(link)) {
    return new NextResponse('This unsubscribe link is not valid. Change email settings on your account page.', {
      status: 400,
      headers: PLAIN,
    });
  }
  await turnOffEmails(link);
  if (await isOneClick(request)) return new NextResponse('Unsubscribed.', { status: 200, headers: PLAIN });
  return NextResponse.redirect(`${config().SITE_URL}/notifications/unsubscribe?done=${link.purpose}`, 303);
}

/** RFC 8058's body, "List-Unsubscribe=One-Click", sent URL-encoded or (by some providers) as multipart form data. */
async function isOneClick(request: NextRequest): Promise<boolean> {
  try {
    if (/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(request.headers.get('content-type') ?? ''))
      return (await request.formData()).get('List-Unsubscribe') === 'One-Click';
    return (await request.text()).includes('List-Unsubscribe=One-Click');
  } catch {
    return false; // a body that does not parse is not the one-click request; the link was still honoured
  }
}

/** Someone opened the one-click address itself: the page that asks first. Nothing changes. */
export function GET(request: NextRequest) {
  const link = readUnsubscribeLink(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.redirect(`${config().SITE_URL}/notifications/unsubscribe${link ? `?${unsubscribeQuery(link)}` : ''}`, 303);
}
