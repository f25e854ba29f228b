import { NextResponse, type NextRequest } from 'next/server';
import { ADDRESS_PROBLEM_HEADER, BAD_ADDRESS_PAGE, findAddressProblem } from '@/lib/routing/addresses';

/**
 * Answers malformed reading addresses with 400 and a page that explains the expected form. Only routing here:
 * no authorisation lives in the proxy (each page, action and route handler checks its own).
 */
export function proxy(request: NextRequest) {
  // The explanation page is only for the rewrites below: reached directly (with a header of the caller's
  // choosing) it would show any text under this site's name.
  if (request.nextUrl.pathname === BAD_ADDRESS_PAGE) return NextResponse.rewrite(new URL('/no-such-page', request.url));
  const problem = findAddressProblem(request.nextUrl.pathname);
  if (!problem) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.set(ADDRESS_PROBLEM_HEADER, JSON.stringify(problem));
  return NextResponse.rewrite(new URL(BAD_ADDRESS_PAGE, request.url), { status: 400, request: { headers } });
}

// Running the proxy costs every request it sees (about a third of a cached page's throughput, measured with
// `npm run bench`), so the matchers admit only addresses that are already malformed; well-formed ones never
// reach it. findAddressProblem above is the full rule, unit-tested; these patterns only pre-filter.
export const config = {
  matcher: [
    '/bad-address',
    '/issues/:date((?!latest(?:/|$)|before(?:/|$)|\\d{4}-\\d{2}-\\d{2}(?:/|$))[^/]+)/:rest*',
    '/issues/:date(\\d{4}-\\d{2}-\\d{2})/:slug((?![a-z0-9]+(?:-[a-z0-9]+)*$)[^/]+)',
    '/issues/before/:cursor((?!now$|\\d{4}-\\d{2}-\\d{2}$)[^/]+)',
    '/authors/:slug((?![a-z0-9]+(?:-[a-z0-9]+)*(?:/|$))[^/]+)/:rest*',
    '/authors/:slug/before/:cursor((?!\\d{4}-\\d{2}-\\d{2}\\.\\d{1,9}$)[^/]+)',
  ],
};
