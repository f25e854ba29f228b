/**
 * Next's cache for this app: rendered pages and tagged data, kept in this process's memory only, least recently
 * used first out. Installed at server start by installAsNextCache (lib/server/start.ts, from instrumentation.ts).
 *
 * Why not Next's default: it also writes pages to .next on disk, where they would outlive the process — after an
 * import made while the server was stopped, a restart would still serve the old pages. Here a restart starts
 * empty, and an invalidation can arrive from outside a request (lib/cache/bus.ts hears other processes' writes
 * through PostgreSQL NOTIFY), which Next's own revalidateTag does not allow. The state lives on globalThis, so
 * every copy of this module in the server's bundles shares the same entries and tag clock.
 */

import { metrics } from '@/lib/ops/metrics.mjs';

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

/** What Next stores: a rendered page (html, rscData, headers, status) or a data entry (data). */
type CachedValue = {
  html?: string;
  rscData?: { byteLength: number };
  body?: { byteLength?: number; length?: number };
  data?: unknown;
  segmentData?: Map<string, { byteLength: number }>;
  headers?: Record<string, unknown>;
  status?: number;
};

type Entry = { value: CachedValue; lastModified: number; cacheControl?: unknown; tags: string[]; size: number };

type Store = {
  entries: Map<string, Entry>;
  expiredAt: Map<string, number>;
  missedAt: Map<string, number>;
  clearedAt: number;
  bytes: number;
  maxBytes: number;
};

type GetContext = { tags?: string[]; softTags?: string[] } | undefined;
type SetContext = { tags?: string[]; fetchCache?: boolean; cacheControl?: unknown } | undefined;

export function cacheStore(): Store {
  const shared = globalThis as unknown as Record<symbol, Store>;
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

/** Marks tags as changed now: every entry made before this moment under one of them is a miss from now on. */
export function expireTags(tags: readonly string[]): void {
  const store = cacheStore();
  const now = Date.now();
  for (const tag of tags) store.expiredAt.set(tag, now);
}

/**
 * Forgets everything, including what renders under way now will store (used when notifications may have been
 * missed, e.g. after a lost connection).
 */
export function clearCache(): void {
  const store = cacheStore();
  store.entries.clear();
  store.bytes = 0;
  store.clearedAt = Date.now();
}

function sizeOf(value: CachedValue): number {
  let size = 256;
  if (typeof value.html === 'string') size += value.html.length;
  if (value.rscData) size += value.rscData.byteLength;
  if (value.body) size += value.body.byteLength ?? value.body.length ?? 0;
  if (value.data) size += JSON.stringify(value.data).length;
  if (value.segmentData) for (const segment of value.segmentData.values()) size += segment.byteLength;
  return size;
}

function tagsOf(value: CachedValue, fetchTags: string[] | undefined): string[] {
  const header = value.headers?.[TAGS_HEADER];
  const fromHeader = typeof header === 'string' && header ? header.split(',') : [];
  return [...fromHeader, ...(fetchTags ?? [])];
}

function anyExpired(store: Store, tags: string[], since: number): boolean {
  return store.clearedAt >= since || tags.some((tag) => (store.expiredAt.get(tag) ?? -Infinity) >= since);
}

function recordMiss(store: Store, key: string): void {
  if (store.missedAt.has(key)) return; // the earliest render under way is the one that matters
  if (store.missedAt.size >= MAX_PENDING_MISSES) store.missedAt.clear();
  store.missedAt.set(key, Date.now());
}

function remove(store: Store, key: string): void {
  const entry = store.entries.get(key);
  if (!entry) return;
  store.entries.delete(key);
  store.bytes -= entry.size;
}

/** The class Next instantiates (per request; all instances share the one store). */
export default class MemoryCacheHandler {
  constructor(context?: { maxMemoryCacheSize?: number }) {
    if (context?.maxMemoryCacheSize) cacheStore().maxBytes = context.maxMemoryCacheSize;
  }

  async get(key: string, context?: GetContext) {
    const store = cacheStore();
    const entry = store.entries.get(key);
    if (!entry || anyExpired(store, [...entry.tags, ...(context?.tags ?? []), ...(context?.softTags ?? [])], entry.lastModified)) {
      remove(store, key);
      recordMiss(store, key);
      metrics().cacheMisses.inc();
      return null;
    }
    metrics().cacheHits.inc();
    // Most recently used goes to the end; eviction takes from the front.
    store.entries.delete(key);
    store.entries.set(key, entry);
    return { value: entry.value, lastModified: entry.lastModified, cacheControl: entry.cacheControl };
  }

  async set(key: string, value: CachedValue | null, context?: SetContext) {
    const store = cacheStore();
    const now = Date.now();
    const missedAt = store.missedAt.get(key) ?? -Infinity;
    // A miss older than a minute belongs to some render that never stored anything (it failed).
    const renderStartedAt = missedAt > now - 60_000 ? missedAt : now - RENDER_RACE_MS;
    store.missedAt.delete(key);
    remove(store, key);
    // A 404 is cheap to render again, and addresses that name nothing are endless: keeping them would let anyone
    // push real pages out of the cache. A redirect (an old article address, lib/editorial/addresses.ts) is cheap too,
    // and reads nothing tagged: kept, it would outlive the address being taken again by a new article.
    if (!value || value.status === 404 || (value.status !== undefined && value.status >= 300 && value.status < 400)) return;
    const entry: Entry = {
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
      remove(store, oldest);
    }
  }

  async revalidateTag(tags: string | string[]) {
    expireTags(typeof tags === 'string' ? [tags] : tags);
  }

  resetRequestCache() {}
}

/**
 * Waits (briefly) until no render that started before `time` is still under way. Next shares one render among all
 * requests for the same page that arrive while it runs; a render that began before a write would hand its stale
 * page to the writer's own request that follows. So a write waits for those to finish — they store nothing fresh
 * (see set) — before it sends the writer to the page. Renders that never stored anything (they failed) stop
 * counting after a few seconds.
 */
export async function settleRendersStartedBefore(time: number, timeoutMs = 2000): Promise<void> {
  const store = cacheStore();
  const deadline = Date.now() + timeoutMs;
  const pending = () => [...store.missedAt.values()].some((missedAt) => missedAt < time && missedAt > time - 5_000);
  while (pending() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Makes this the cache Next uses for pages and data. Next looks for a handler at this global before falling back
 * to its own; naming a file in next.config's `cacheHandler` instead has Next import it again on every request
 * (measured: about a third of a cached page's throughput).
 */
export function installAsNextCache(): void {
  const key = Symbol.for('@next/cache-handlers');
  const shared = globalThis as unknown as Record<symbol, object | undefined>;
  shared[key] = { ...shared[key], FetchCache: MemoryCacheHandler };
}
