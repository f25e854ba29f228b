import { NextResponse, type NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { config } from '@/lib/config';

// Auth.js's own endpoints (session, sign-in, callback, sign-out), with one change: an emailed sign-in link opened
// straight at the callback by GET — a mail scanner, or a hand-made URL — does not sign in. It is sent to the page
// with the button (/signin/confirm), which POSTs here; only a person presses it.
export async function GET(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith('/callback/nodemailer')) {
    return NextResponse.redirect(`${config().SITE_URL}/signin/confirm${request.nextUrl.search}`, 303);
  }
  return handlers.GET(request);
}

export const POST = handlers.POST;
