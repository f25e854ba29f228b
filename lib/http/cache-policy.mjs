// The Cache-Control every response leaves server.mjs with, decided from the request and what Next answered. Plain
// JavaScript for server.mjs (plain Node). Next marks the reading pages it caches itself `s-maxage=300,
// stale-while-revalidate=…`, which would let a proxy keep serving a page for five minutes after a response was
// posted; the app expires its own copy at once (lib/cache), so a proxy is told to keep one for a second only and
// to revalidate in the background. Anything personal is never stored by anyone.

/** For pages anyone may be served: browsers ask again each time, proxies keep them 1 s and revalidate meanwhile. */
export const SHARED = 'public, max-age=0, s-maxage=1, stale-while-revalidate=30';
/** For everything else. */
export const PRIVATE = 'private, no-store';

// Auth.js's session cookie: `authjs.session-token`, `__Secure-`-prefixed on https (chunked `.0`, `.1` for JWTs).
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;
// Never shared, whatever Next says: staff and account pages, sign-in, pages opened by an emailed link (their
// address carries a token, the page an address), a reader's own responses, and every API route (Auth.js's too).
const PRIVATE_PATHS = /^\/(?:admin|moderation|account|signin|signout|email|notifications|subscribe|responses|api)(?:[/?.]|$)/;

/**
 * @param {{
 *   method: string | undefined;
 *   url: string | undefined;
 *   requestCookie: string | undefined;
 *   statusCode: number;
 *   setCookie: unknown;
 *   cacheControl: unknown;
 * }} response what the request asked and what Next is about to send
 * @returns {string | null} the Cache-Control to send, or null to keep Next's (build assets, immutable)
 */
export function cachePolicy({ method, url, requestCookie, statusCode, setCookie, cacheControl }) {
  const next = Array.isArray(cacheControl) ? cacheControl.join(', ') : String(cacheControl ?? '');
  // Next's own hashed build files: kept for a year by everyone, as Next says.
  if (/\bimmutable\b/.test(next) && /\bpublic\b/.test(next) && !setCookie) return null;
  const shareable =
    (method === 'GET' || method === 'HEAD') &&
    statusCode === 200 &&
    !hasValue(setCookie) &&
    !SESSION_COOKIE.test(requestCookie ?? '') &&
    !PRIVATE_PATHS.test(url ?? '') &&
    /\b(?:public|s-maxage=\d+)/.test(next) &&
    !/\b(?:private|no-store|no-cache)\b/.test(next);
  return shareable ? SHARED : PRIVATE;
}

/** @param {unknown} header */
function hasValue(header) {
  return Array.isArray(header) ? header.length > 0 : header !== undefined && header !== null && header !== '';
}

/**
 * Makes `response` send cachePolicy's Cache-Control, whichever way its headers are written (setHeader then an
 * implicit writeHead from end(), or writeHead with headers of its own). Node's ServerResponse sends its head
 * through writeHead in every case, so wrapping that one method on the response is enough.
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 */
export function applyCachePolicy(request, response) {
  const writeHead = response.writeHead;
  // @ts-expect-error -- the same signature as Node's writeHead, narrowed by the overloads
  response.writeHead = function (statusCode, reason, headers) {
    if (typeof reason !== 'string') [reason, headers] = [undefined, reason];
    if (headers && !response.headersSent) {
      // Written into the response's own headers first, so the policy sees them and Node sends them as usual.
      const pairs = Array.isArray(headers) ? pairsOf(headers) : Object.entries(headers);
      for (const [name, value] of pairs) response.setHeader(name, value);
    }
    const policy = cachePolicy({
      method: request.method,
      url: request.url,
      requestCookie: request.headers.cookie,
      statusCode,
      setCookie: response.getHeader('set-cookie'),
      cacheControl: response.getHeader('cache-control'),
    });
    if (policy) response.setHeader('Cache-Control', policy);
    return reason === undefined ? writeHead.call(this, statusCode) : writeHead.call(this, statusCode, reason);
  };
}

/**
 * writeHead's array form: [name, value, name, value, …] or [[name, value], …].
 * @param {unknown[]} headers
 * @returns {[string, string | string[]][]}
 */
function pairsOf(headers) {
  if (headers.every((entry) => Array.isArray(entry))) return /** @type {[string, string][]} */ (headers);
  const pairs = [];
  for (let index = 0; index + 1 < headers.length; index += 2) pairs.push([String(headers[index]), String(headers[index + 1])]);
  return /** @type {[string, string][]} */ (pairs);
}
