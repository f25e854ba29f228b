// What /metrics reports (Prometheus's text format, by prom-client), counted in this process: with several
// instances, Prometheus scrapes each. Plain JavaScript, because server.mjs (which counts requests and answers
// /metrics) and the TypeScript app (which counts cache hits and refusals, and reads queues and sends from the
// database) share it. The metrics live on globalThis: Next loads its own copy of this module beside server.mjs's.
import { timingSafeEqual, createHash } from 'node:crypto';
import client from 'prom-client';
import { log } from './log.mjs';

/**
 * @typedef {{ queue: string, size: number }} QueueDepth
 * @typedef {{ send: number, status: string, count: number }} SendCount
 * @typedef {{
 *   registry: import('prom-client').Registry,
 *   requests: import('prom-client').Counter<'kind' | 'status_class'>,
 *   cacheHits: import('prom-client').Counter.Internal<'result'>,
 *   cacheMisses: import('prom-client').Counter.Internal<'result'>,
 *   signInRefusals: import('prom-client').Counter<'reason'>,
 *   postingRefusals: import('prom-client').Counter<'reason'>,
 *   sources: { queueDepths?: () => Promise<QueueDepth[]>, sendCounts?: () => Promise<SendCount[]> },
 * }} Metrics
 */

const SHARED = Symbol.for('briefings.metrics');

/** @returns {Metrics} */
function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  /** @type {Metrics['sources']} */
  const sources = {};
  const cacheLookups = new client.Counter({
    name: 'briefings_cache_lookups_total',
    help: 'Lookups in the in-memory page and data cache (lib/cache/handler.ts), by result (hit or miss).',
    labelNames: ['result'],
    registers: [registry],
  });
  const metrics = {
    registry,
    sources,
    // Bound once: the cache is asked on every page view, and a bound counter skips hashing the labels.
    cacheHits: cacheLookups.labels({ result: 'hit' }),
    cacheMisses: cacheLookups.labels({ result: 'miss' }),
    requests: new client.Counter({
      name: 'briefings_http_requests_total',
      help: 'Requests answered, by kind of address and status class (2xx, 3xx, 4xx, 5xx).',
      labelNames: ['kind', 'status_class'],
      registers: [registry],
    }),
    signInRefusals: new client.Counter({
      name: 'briefings_sign_in_refusals_total',
      help: 'Sign-in links not sent, or not honoured, because a limit was reached.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    postingRefusals: new client.Counter({
      name: 'briefings_posting_refusals_total',
      help: 'Responses not posted, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
  new client.Gauge({
    name: 'briefings_job_queue_depth',
    help: 'Jobs waiting in each queue (pg-boss), read at each scrape.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { queue, size } of await read('queue depths', sources.queueDepths)) this.set({ queue }, size);
    },
  });
  new client.Gauge({
    name: 'briefings_send_deliveries',
    help: 'Deliveries of each send that is sending or paused, by status, read at each scrape.',
    labelNames: ['send', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { send, status, count } of await read('send counts', sources.sendCounts)) this.set({ send: String(send), status }, count);
    },
  });
  return metrics;
}

/**
 * What a source reads, or nothing when it is not set up (before the app has started) or fails: a scrape still
 * reports everything else, and the log says why these are missing.
 * @template T
 * @param {string} what
 * @param {(() => Promise<T[]>) | undefined} source
 * @returns {Promise<T[]>}
 */
async function read(what, source) {
  try {
    return (await source?.()) ?? [];
  } catch (error) {
    log().warn({ err: error }, `metrics: could not read the ${what}`);
    return [];
  }
}

/**
 * The process's metrics.
 * @returns {Metrics}
 */
export function metrics() {
  const shared = /** @type {{ [key: symbol]: Metrics | undefined }} */ (globalThis);
  shared[SHARED] ??= create();
  return shared[SHARED];
}

/**
 * The kind of address a request was for, as the request counts label it: few values, never the path itself.
 * @param {string} method
 * @param {string} path
 * @returns {string}
 */
export function routeKind(method, path) {
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return 'ops';
  if (path.startsWith('/_next/') || /^\/[^/]+\.(?:svg|ico|png|txt|webmanifest)$/.test(path)) return 'static';
  if (path.startsWith('/api/')) return 'api';
  if (path === '/feed.xml') return 'feed';
  if (path === '/admin' || path.startsWith('/admin/')) return 'admin';
  // A POST to a page is a server action (a form).
  if (method !== 'GET' && method !== 'HEAD') return 'action';
  return 'page';
}

/**
 * Whether an Authorization header carries METRICS_TOKEN as a Bearer token. Compared in constant time (as hashes,
 * so that the comparison's length says nothing about the token's either).
 * @param {string | undefined} header
 * @param {string} token
 * @returns {boolean}
 */
export function bearerMatches(header, token) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const given = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected) && match !== null;
}
