import { NextResponse, type NextRequest } from 'next/server';
import { isOversizedWrite, oversizedWriteResponse } from '@/lib/http/body-limit';
import { crossSiteProblem, crossSiteRefusal } from '@/lib/http/same-origin';
import { articlePreviewStatus } from '@/lib/editorial/preview-page';
import { staffPageStatus } from '@/lib/moderation/staff-page';
import { responsePageStatus } from '@/lib/responses/addressed';
import { ADDRESS_PROBLEM_HEADER, BAD_ADDRESS_PAGE, findAddressProblem } from '@/lib/routing/addresses';

/**
 * Refuses writes sent from another site (403, before any server action or Auth.js endpoint runs: Next would
 * otherwise answer a foreign server-action POST with a 500) and writes too large to take (413, likewise), answers malformed reading addresses with 400 and a
 * page that explains the expected form, and gives the pages rendered per request their 403 and 404 (see
 * pageStatus). No authorisation lives here: each page, action and route handler checks its own and decides what it
 * shows, and the session-creating Auth.js callback checks the origin again itself.
 */
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (crossSiteProblem({ method: request.method, headers: request.headers, pathname })) return crossSiteRefusal();
  if (isOversizedWrite(request.method, request.headers)) return oversizedWriteResponse(request.headers);
  // The explanation page is only for the rewrites below: reached directly (with a header of the caller's
  // choosing) it would show any text under this site's name.
  if (pathname === BAD_ADDRESS_PAGE) return NextResponse.rewrite(new URL('/no-such-page', request.url));
  const problem = findAddressProblem(pathname);
  if (problem) {
    const headers = new Headers(request.headers);
    headers.set(ADDRESS_PROBLEM_HEADER, JSON.stringify(problem));
    return NextResponse.rewrite(new URL(BAD_ADDRESS_PAGE, request.url), { status: 400, request: { headers } });
  }
  const status = await pageStatus(request);
  return status ? NextResponse.next({ status }) : NextResponse.next();
}

/**
 * The status of a page that Next renders per request, when it will say "not found" or "not allowed". Such a page
 * cannot set its own: Next (16.4) takes a page's status only from notFound() or forbidden(), and for a page rendered
 * per request these either end the render in an empty error document (a blank page without JavaScript) or, thrown
 * inside Suspense so that the explanation is in the HTML, come after the status is fixed at 200 (components/
 * Interrupted.tsx). A status set here is kept, and the page renders as ever, with its explanation. It asks the same
 * questions as the page, by the same functions (one query more per view of these pages).
 */
async function pageStatus(request: NextRequest): Promise<403 | 404 | null> {
  // Page views only: a form posted to the page gets the action's own answer.
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const { pathname } = request.nextUrl;
  return (await staffPageStatus(pathname)) ?? (await responsePageStatus(pathname)) ?? (await articlePreviewStatus(pathname));
}

// Running the proxy costs every request it sees (about a third of a cached page's throughput, measured with
// `npm run bench`), so the matchers admit only what it may act on: requests that say where they come from (an
// Origin — browsers send one with every POST, never with a same-origin GET — or a cross-site Sec-Fetch-Site),
// addresses that are already malformed, and the pages above (rendered per request, so paying for a database query
// anyway); well-formed reading addresses never reach it. crossSiteProblem, findAddressProblem, staffPageStatus and
// responsePageStatus are the full rules; these patterns only pre-filter.
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
    '/responses/:id((?!resume$)[^/]+)',
    '/responses/:id/:page(reply|report|delete)',
    '/moderation/:page*',
    '/admin/:page*',
  ],
};
