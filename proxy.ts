import { NextResponse, type NextRequest } from 'next/server';
import { findAddressProblem } from '@/lib/routing/addresses';

/**
 * Answers malformed reading addresses with 400 and a page that explains the expected form. Only routing here:
 * no authorisation lives in the proxy (each page, action and route handler checks its own).
 */
export function proxy(request: NextRequest) {
  const problem = findAddressProblem(request.nextUrl.pathname);
  if (!problem) return NextResponse.next();
  const url = new URL('/bad-address', request.url);
  url.searchParams.set('kind', problem.kind);
  url.searchParams.set('value', problem.value);
  return NextResponse.rewrite(url, { status: 400 });
}

// Running the proxy costs every request it sees (about a third of a cached page's throughput, measured with
// `npm run bench`), so the matchers admit only addresses that are already malformed; well-formed ones never
// reach it. findAddressProblem above is the full rule, unit-tested; these patterns only pre-filter.
export const config = {
  matcher: [
    '/issues/:date((?!latest(?:/|$)|before(?:/|$)|\\d{4}-\\d{2}-\\d{2}(?:/|$))[^/]+)/:rest*',
    '/issues/:date(\\d{4}-\\d{2}-\\d{2})/:slug((?![a-z0-9]+(?:-[a-z0-9]+)*$)[^/]+)',
    '/issues/before/:cursor((?!now$|\\d{4}-\\d{2}-\\d{2}$)[^/]+)',
    '/authors/:slug((?![a-z0-9]+(?:-[a-z0-9]+)*(?:/|$))[^/]+)/:rest*',
    '/authors/:slug/before/:cursor((?!\\d{4}-\\d{2}-\\d{2}\\.\\d{1,9}$)[^/]+)',
  ],
};
