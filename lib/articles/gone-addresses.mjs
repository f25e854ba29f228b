// Unpublished articles answer 410 Gone. A page of Next 16 cannot set that status, and asking the database in
// proxy.ts would cost every article view (the proxy's matcher would have to admit them all). So each server keeps
// the addresses of its unpublished articles in memory — a Set on globalThis, filled at start and refreshed when the
// cache bus announces an article or issue change (lib/articles/gone.ts) — and server.mjs, which already wraps Next's
// handler, gives the article page's answer for such an address (its title and note) the status 410. A published
// article's view costs one Set lookup. (The page cannot be a notFound() with its own text: with JavaScript on, Next
// swaps in app/not-found.tsx.) Plain JavaScript, because server.mjs (plain Node) and the TypeScript app share it.

import { pathWithoutQuery } from '../http/request-path.mjs';

const GONE = Symbol.for('briefings.gone-articles');

/**
 * The addresses (/issues/<date>/<slug>) of the articles readers can no longer read, shared by every copy of this
 * module in the process.
 * @returns {Set<string>}
 */
export function goneAddresses() {
  const shared = /** @type {Record<symbol, Set<string>>} */ (/** @type {unknown} */ (globalThis));
  shared[GONE] ??= new Set();
  return shared[GONE];
}

/**
 * Whether a request is a view of an unpublished article: GET or HEAD (a form posted there gets its action's own
 * answer) of an address in the set, its query aside.
 * @param {{ method?: string, url?: string }} request
 */
export function isGoneView(request) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return goneAddresses().has(pagePath(pathWithoutQuery(request.url)));
}

/**
 * The path as Next reads it to find the page: dot segments resolved and each segment percent-decoded, so that
 * `/issues/2010-09-15/./withdrawn` or `…/withdraw%6e`, which Next serves as the same page, are gone views too (they
 * answered 200, shareable). An encoded slash stays encoded: Next keeps it inside its segment. Most paths have
 * neither, and are looked up as they are.
 * @param {string} path
 * @returns {string}
 */
function pagePath(path) {
  if (!path.includes('%') && !path.includes('/.')) return path;
  let resolved;
  try {
    resolved = new URL(path, 'http://host').pathname;
  } catch {
    return path;
  }
  return resolved
    .split('/')
    .map((segment) => {
      try {
        const decoded = decodeURIComponent(segment);
        return decoded.includes('/') ? segment : decoded;
      } catch {
        return segment;
      }
    })
    .join('/');
}

/**
 * Makes the article page's answer for an unpublished article (its title and note, rendered and cached as a page
 * like any other, under the article's tags) a 410. Only a page is changed (200, or a 404 if the article went
 * further, its issue withdrawn): a redirect or an error keeps its status.
 * @param {import('node:http').ServerResponse} response
 */
export function answerAsGone(response) {
  const writeHead = response.writeHead;
  // Node sends the head through writeHead, whether it is called or implied by the first write.
  response.writeHead = /** @type {typeof writeHead} */ (
    function (status, ...rest) {
      return writeHead.call(this, status === 200 || status === 404 ? 410 : status, ...rest);
    }
  );
}
