// @ts-check
/**
 * Next's cache handler for this app (next.config `cacheHandler`): rendered pages and tagged data, kept in this
 * process's memory only, least recently used first out.
 *
 * Why not Next's default: it also writes pages to .next on disk, where they would outlive the process — after an
 * import made while the server was stopped, a restart would still serve the old pages. Here a restart starts
 * empty, and an invalidation can arrive from outside a request (lib/cache/bus.ts hears other processes'
 * writes through PostgreSQL NOTIFY), which Next's own revalidateTag does not allow.
 *
 * Plain JavaScript because Next loads it by path at run time, outside the TypeScript bundle. It shares its state
 * with the bundled app through globalThis, so both see the same entries and tag clock.
 */

const STORE = Symbol.for('briefings.cache-store');
const TAGS_HEADER = 'x-next-cache-tags';
/**
 * A render that read the database just before a write committed can finish just after the write expired its
 * tags. So an entry counts as made when its render started — the miss that caused it — and a tag expired since
 * then makes it stale at once. A store without a recorded miss (a background revalidation) counts from this long
 * before it.
 */
const RENDER_RACE_MS = 2000;
const MAX_PENDING_MISSES = 10_000;

/**
 * @typedef {{ value: any, lastModified: number, cacheControl?: any, tags: string[], size: number }} Entry
 * @typedef {{
 *   entries: Map<string, Entry>,
 *   expiredAt: Map<string, number>,
 *   missedAt: Map<string, number>,
 *   clearedAt: number,
 *   bytes: number,
 *   maxBytes: number,
 * }} Store
 */

/** @returns {Store} */
export function cacheStore() {
  const shared = /** @type {Record<symbol, Store>} */ (/** @type {unknown} */ (globalThis));
  shared[STORE] ??= {
    entries: new Map(),
    expiredAt: new Map(),
    missedAt: new Map(),
    clearedAt: -Infinity,
    bytes: 0,
    maxBytes: 64 * 1024 * 1024,
  };
  return shared[STORE];
}

/**
 * Marks tags as changed now: every entry stored before this moment under one of them is a miss from now on.
 * @param {string[]} tags
 */
export function expireTags(tags) {
  const store = cacheStore();
  const now = Date.now();
  for (const tag of tags) store.expiredAt.set(tag, now);
}

/**
 * Forgets everything, including what renders under way now will store (used when notifications may have been
 * missed, e.g. after a lost connection).
 */
export function clearCache() {
  const store = cacheStore();
  store.entries.clear();
  store.bytes = 0;
  store.clearedAt = Date.now();
}

/** @param {any} value */
function sizeOf(value) {
  if (!value) return 64;
  let size = 256;
  if (typeof value.html === 'string') size += value.html.length;
  if (value.rscData) size += value.rscData.byteLength ?? 0;
  if (value.body) size += value.body.byteLength ?? value.body.length ?? 0;
  if (value.data) size += JSON.stringify(value.data).length;
  if (value.segmentData) for (const segment of value.segmentData.values()) size += segment.byteLength ?? 0;
  return size;
}

/** @param {any} value @param {string[] | undefined} fetchTags */
function tagsOf(value, fetchTags) {
  const header = value?.headers?.[TAGS_HEADER];
  const fromHeader = typeof header === 'string' && header ? header.split(',') : [];
  return [...fromHeader, ...(fetchTags ?? [])];
}

/** @param {Store} store @param {string[]} tags @param {number} since */
function anyExpired(store, tags, since) {
  return store.clearedAt >= since || tags.some((tag) => (store.expiredAt.get(tag) ?? -Infinity) >= since);
}

/** @param {Store} store @param {string} key */
function recordMiss(store, key) {
  if (store.missedAt.has(key)) return; // the earliest render under way is the one that matters
  if (store.missedAt.size >= MAX_PENDING_MISSES) store.missedAt.clear();
  store.missedAt.set(key, Date.now());
}

export default class MemoryCacheHandler {
  /** @param {{ maxMemoryCacheSize?: number }} context */
  constructor(context) {
    if (context?.maxMemoryCacheSize) cacheStore().maxBytes = context.maxMemoryCacheSize;
  }

  /** @param {string} key @param {any} context */
  async get(key, context) {
    const store = cacheStore();
    const entry = store.entries.get(key);
    if (!entry || anyExpired(store, [...entry.tags, ...(context?.tags ?? []), ...(context?.softTags ?? [])], entry.lastModified)) {
      this.#delete(store, key);
      recordMiss(store, key);
      return null;
    }
    // Most recently used goes to the end; eviction takes from the front.
    store.entries.delete(key);
    store.entries.set(key, entry);
    return { value: entry.value, lastModified: entry.lastModified, cacheControl: entry.cacheControl };
  }

  /** @param {string} key @param {any} value @param {any} context */
  async set(key, value, context) {
    const store = cacheStore();
    const now = Date.now();
    const missedAt = store.missedAt.get(key) ?? -Infinity;
    // A miss older than a minute belongs to some render that never stored anything (it failed).
    const renderStartedAt = missedAt > now - 60_000 ? missedAt : now - RENDER_RACE_MS;
    store.missedAt.delete(key);
    this.#delete(store, key);
    // A 404 is cheap to render again, and addresses that name nothing are endless: keeping them would let anyone
    // push real pages out of the cache.
    if (!value || value.status === 404) return;
    const entry = {
      value,
      lastModified: renderStartedAt,
      cacheControl: context?.fetchCache ? undefined : context?.cacheControl,
      tags: tagsOf(value, context?.tags),
      size: sizeOf(value),
    };
    if (entry.size > store.maxBytes) return;
    store.entries.set(key, entry);
    store.bytes += entry.size;
    for (const [oldest] of store.entries) {
      if (store.bytes <= store.maxBytes) break;
      this.#delete(store, oldest);
    }
  }

  /** @param {string | string[]} tags */
  async revalidateTag(tags) {
    expireTags(typeof tags === 'string' ? [tags] : tags);
  }

  resetRequestCache() {}

  /** @param {Store} store @param {string} key */
  #delete(store, key) {
    const entry = store.entries.get(key);
    if (!entry) return;
    store.entries.delete(key);
    store.bytes -= entry.size;
  }
}
