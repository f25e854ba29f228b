import type { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { handlers } from '@/lib/auth';
import { config } from '@/lib/config';
import { clientAddressIn } from '@/lib/http/client';
import { networkOf } from '@/lib/http/client-address.mjs';
import { crossSiteProblem, crossSiteRefusal } from '@/lib/http/same-origin';
import { metrics } from '@/lib/ops/metrics.mjs';
import { SIGN_IN_RULES } from '@/lib/ratelimit/rules';
import { hit } from '@/lib/ratelimit/store';
import { safeReturnPath } from '@/lib/routing/return-path';
import { signInPath } from '@/lib/routing/sign-in-path';

// Auth.js's own endpoints (session, CSRF token, callback, sign-out), narrowed to what this site uses:
// - asking for a link is closed here: the form at /signin is the one way, with its address rules and limits
//   (lib/auth/sign-in-link.ts; Auth.js's signIn callback refuses any other way in as well);
// - an emailed link opened straight at the callback by GET (a mail scanner, a hand-made URL) does not sign in: it
//   is sent to the page with the button (/signin/confirm), which POSTs here; only a person presses it;
// - that POST, which creates a session, is refused from another site and limited per network;
// - redirects on this site are given as paths, so a browser stays on the host name it used.

const SEE_FORM = 'Sign-in links are sent from the form at /signin.';

export async function GET(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith('/callback/nodemailer')) return redirectTo(`/signin/confirm${request.nextUrl.search}`);
  return withPathRedirects(await handlers.GET(request));
}

export async function POST(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (/\/signin(\/|$)/.test(pathname)) {
    return new Response(SEE_FORM, { status: 405, headers: { Allow: 'GET', 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (crossSiteProblem({ method: request.method, headers: request.headers, pathname })) return crossSiteRefusal();
  if (pathname.endsWith('/callback/nodemailer')) {
    const verdict = await hit(await getDb(), [SIGN_IN_RULES.linkUsesPerNetwork(networkOf(clientAddressIn(request.headers)))]);
    if (!verdict.ok) {
      metrics().signInRefusals.inc({ reason: 'link-uses' });
      return redirectTo(signInPath({ error: 'TooManyAttempts' }));
    }
  }
  return withPathRedirects(await handlers.POST(request));
}

function redirectTo(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'private, no-store' } });
}

/** Auth.js writes absolute redirects on SITE_URL; as paths they keep the browser on the origin it is on. */
function withPathRedirects(response: Response): Response {
  const location = response.headers.get('location');
  if (!location?.startsWith(`${config().SITE_URL}/`)) return response;
  const headers = new Headers(response.headers);
  headers.set('location', safeReturnPath(location));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
