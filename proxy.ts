import { NextResponse, type NextRequest } from 'next/server';
import { crossSiteProblem, crossSiteRefusal } from '@/lib/http/same-origin';
import { ADDRESS_PROBLEM_HEADER, BAD_ADDRESS_PAGE, findAddressProblem } from '@/lib/routing/addresses';

/**
 * Refuses writes sent from another site (403, before any server action or Auth.js endpoint runs: Next would
 * otherwise answer a foreign server-action POST with a 500), and answers malformed reading addresses with 400
 * and a page that explains the expected form. No authorisation lives here: each page, action and route handler
 * checks its own, and the session-creating Auth.js callback checks the origin again itself.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (crossSiteProblem({ method: request.method, headers: request.headers, pathname })) return crossSiteRefusal();
  // The explanation page is only for the rewrites below: reached directly (with a header of the caller's
  // choosing) it would show any text under this site's name.
  if (pathname === BAD_ADDRESS_PAGE) return NextResponse.rewrite(new URL('/no-such-page', request.url));
  const problem = findAddressProblem(pathname);
  if (!problem) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.set(ADDRESS_PROBLEM_HEADER, JSON.stringify(problem));
  return NextResponse.rewrite(new URL(BAD_ADDRESS_PAGE, request.url), { status: 400, request: { headers } });
}

// Running the proxy costs every request it sees (about a third of a cached page's throughput, measured with
// `npm run bench`), so the matchers admit only what it may act on: requests that say where they come from (an
// Origin — browsers send one with every POST, never with a same-origin GET — or a cross-site Sec-Fetch-Site), and
// addresses that are already malformed. findAddressProblem above is the full rule, unit-tested; these patterns
// only pre-filter.
export const config = {
  matcher: [
    { source: '/:path*', has: [{ type: 'header', key: 'origin' }] },
    { source: '/:path*', has: [{ type: 'header', key: 'sec-fetch-site', value: '(?:cross|same)-site' }] },
    '/bad-address',
    '/issues/:date((?!latest(?:/|$)|before(?:/|$)|\\d{4}-\\d{2}-\\d{2}(?:/|$))[^/]+)/:rest*',
    '/issues/:date(\\d{4}-\\d{2}-\\d{2})/:slug((?![a-z0-9]+(?:-[a-z0-9]+)*$)[^/]+)',
    '/issues/before/:cursor((?!now$|\\d{4}-\\d{2}-\\d{2}$)[^/]+)',
    '/authors/:slug((?![a-z0-9]+(?:-[a-z0-9]+)*(?:/|$))[^/]+)/:rest*',
    '/authors/:slug/before/:cursor((?!\\d{4}-\\d{2}-\\d{2}\\.\\d{1,9}$)[^/]+)',
  ],
};
