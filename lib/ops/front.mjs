// What server.mjs does for operations on every request, before Next sees it: a request id (X-Request-Id), HSTS on
// an https site, one access log line and one count when the response ends, and the answers to /healthz, /readyz
// and /metrics. Those three are answered here rather than by route handlers under app/: they then never pass
// through Next's cache, proxy.ts or rendering, /readyz can say "stopping" from the same place that stops the
// server, and the request counts they report are taken in this same place.
import { randomUUID } from 'node:crypto';
import proxyaddr from 'proxy-addr';
import { normaliseAddress, parseTrustProxy } from '../http/client-address.mjs';
import { notReadyReason } from './health.mjs';
import { log } from './log.mjs';
import { bearerMatches, metrics, routeKind } from './metrics.mjs';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Two years, subdomains too: the value browsers' preload lists ask for (without opting into them). */
export const HSTS = 'max-age=63072000; includeSubDomains';
// An id a proxy may hand on: short, and only characters that are safe in a log line and a header.
const VALID_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}$/;
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Whether a request came straight from a proxy that TRUST_PROXY names: only such a one may choose the request id.
 * @param {string | undefined} trustProxy
 * @returns {(request: import('node:http').IncomingMessage) => boolean}
 */
export function fromTrustedProxy(trustProxy) {
  const trust = parseTrustProxy(trustProxy);
  if ('hops' in trust) return () => trust.hops > 0; // with N hops in front, the socket's peer is the nearest of them
  const trusted = proxyaddr.compile(trust.proxies);
  return (request) => {
    const peer = normaliseAddress(request.socket.remoteAddress ?? '');
    return peer !== null && trusted(peer, 0);
  };
}

/**
 * The request's id: the one a trusted proxy sent, when it is a valid one, else a new one.
 * @param {import('node:http').IncomingMessage} request
 * @param {(request: import('node:http').IncomingMessage) => boolean} trusted
 * @returns {string}
 */
export function requestIdOf(request, trusted) {
  const given = request.headers[REQUEST_ID_HEADER];
  if (typeof given === 'string' && VALID_REQUEST_ID.test(given) && trusted(request)) return given;
  return randomUUID();
}

/**
 * The path of a request's target, without its query (which may hold a sign-in token or an address).
 * @param {string | undefined} url
 * @returns {string}
 */
export function pathOf(url) {
  const target = url ?? '/';
  const path = target.startsWith('/') ? target.replace(/[?#].*$/s, '') : safePathname(target);
  return path.length > 300 ? `${path.slice(0, 300)}…` : path;
}

/** @param {string} target an absolute-form target ("http://host/path"), or something odder */
function safePathname(target) {
  return URL.canParse(target) ? new URL(target).pathname : '(not a path)';
}

/**
 * The per-request front, set up from the environment server.mjs runs in. Returns a function to call first with
 * each request: it returns true when it has answered the request itself (Next must not then handle it).
 * @param {{ trustProxy?: string, siteUrl?: string, metricsToken?: string }} settings
 */
export function createFront({ trustProxy, siteUrl, metricsToken }) {
  const trusted = fromTrustedProxy(trustProxy);
  const https = (siteUrl ?? '').trim().toLowerCase().startsWith('https://');
  const token = metricsToken?.trim() || undefined;

  /**
   * @param {import('node:http').IncomingMessage} request
   * @param {import('node:http').ServerResponse} response
   * @returns {boolean}
   */
  return function front(request, response) {
    const started = performance.now();
    const id = requestIdOf(request, trusted);
    // On the request too, so that the app can name the same id; a client's own copy is replaced.
    request.headers[REQUEST_ID_HEADER] = id;
    response.setHeader('X-Request-Id', id);
    // Set here, at run time, rather than in next.config.ts's headers(): those are fixed when the app is built,
    // and SITE_URL is read when it runs.
    if (https) response.setHeader('Strict-Transport-Security', HSTS);
    const method = request.method ?? 'GET';
    const path = pathOf(request.url);
    response.once('close', () => {
      const status = response.statusCode;
      const kind = routeKind(method, path);
      metrics().requests.inc({ kind, status_class: `${Math.floor(status / 100)}xx` });
      const line = { method, path, status, ms: Math.round((performance.now() - started) * 10) / 10, requestId: id };
      // A probe every few seconds would drown the log: its lines are there at "debug".
      if (kind === 'ops') log().debug(line, 'request');
      else log().info(response.writableFinished ? line : { ...line, aborted: true }, 'request');
    });
    if (!OPS_PATHS.has(path)) return false;
    void answerOps(path, request, response, token).catch((error) => {
      log().error({ err: error, requestId: id }, `${path} failed`);
      if (!response.headersSent) answer(response, 500, 'text/plain; charset=utf-8', 'Internal Server Error\n');
      else response.destroy();
    });
    return true;
  };
}

/**
 * @param {string} path
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {string | undefined} token
 */
async function answerOps(path, request, response, token) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return answer(response, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n');
  }
  if (path === '/healthz') return answer(response, 200, 'text/plain; charset=utf-8', 'ok\n');
  if (path === '/readyz') {
    const reason = await notReadyReason();
    return reason === null
      ? answer(response, 200, 'application/json', `${JSON.stringify({ ready: true })}\n`)
      : answer(response, 503, 'application/json', `${JSON.stringify({ ready: false, reason })}\n`);
  }
  // /metrics: not served at all without METRICS_TOKEN, and only for the token with it.
  if (!token) return answer(response, 404, 'text/plain; charset=utf-8', 'Not Found\n');
  if (!bearerMatches(request.headers.authorization, token)) {
    response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    return answer(response, 401, 'text/plain; charset=utf-8', 'Unauthorized\n');
  }
  const { registry } = metrics();
  return answer(response, 200, registry.contentType, await registry.metrics());
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {string} type
 * @param {string} body
 */
function answer(response, status, type, body) {
  // Each answer is about this process, now: no cache may keep it.
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}
