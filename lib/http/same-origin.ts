import { config } from '@/lib/config';

/**
 * Cross-site request forgery, refused at its mechanism: a browser says where a write comes from (`Origin` on
 * every POST, and `Sec-Fetch-Site`), so a write whose page was on another site is turned away before any form,
 * server action or Auth.js endpoint sees it. Clients that send neither are not browsers riding a reader's cookies.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Paths whose POSTs come from elsewhere by design: RFC 8058 one-click unsubscribe is posted by mail providers.
 * Each checks its own signed token instead.
 */
const CROSS_SITE_POSTS = ['/api/notifications/unsubscribe'];

export const CROSS_SITE_MESSAGE = 'This form was sent from another website, so it was refused. Open this site yourself and try again.';

type RequestLike = { method: string; headers: Headers; pathname: string };

/** Why this request is refused as cross-site, or null if it may go on. */
export function crossSiteProblem(request: RequestLike): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (CROSS_SITE_POSTS.includes(request.pathname)) return null;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return `Sec-Fetch-Site: ${fetchSite}`;
  const origin = request.headers.get('origin');
  if (origin === null) return null;
  if (!isOwnOrigin(origin, request.headers)) return `Origin: ${origin.slice(0, 100)}`;
  return null;
}

/** The site's own origin (SITE_URL), or the origin the browser addressed (its Host), which a page elsewhere cannot set. */
function isOwnOrigin(origin: string, headers: Headers): boolean {
  if (!URL.canParse(origin)) return false; // includes "null", sent by sandboxed frames and data: pages
  const given = new URL(origin);
  if (given.origin === new URL(config().SITE_URL).origin) return true;
  const host = headers.get('host');
  return host !== null && given.host === host.toLowerCase();
}

/** The answer to a refused cross-site write: short, plain, never cached. */
export function crossSiteRefusal(): Response {
  return new Response(CROSS_SITE_MESSAGE, {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' },
  });
}
