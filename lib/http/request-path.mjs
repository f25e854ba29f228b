// Plain JavaScript, for server.mjs and the modules it calls before Next sees a request.

/**
 * A request target's path as sent, its query aside (no decoding: callers compare it with paths as Next serves them).
 * @param {string | undefined} url
 * @returns {string}
 */
export function pathWithoutQuery(url = '') {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
