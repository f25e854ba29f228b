import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MemoryCacheHandler, { cacheStore, clearCache, expireTags, settleRendersStartedBefore } from './handler';

const T0 = new Date('2010-09-15T12:00:00Z').getTime();
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** A rendered page as Next stores it, its tags in the header. */
function page(html: string, tags: string[] = []) {
  return { kind: 'APP_PAGE', html, headers: tags.length ? { 'x-next-cache-tags': tags.join(',') } : {}, status: 200 };
}

/** A fetch/data entry; its tags come in the context. */
const data = (value: unknown) => ({ kind: 'FETCH', data: { body: JSON.stringify(value) }, revalidate: false });

let cache: MemoryCacheHandler;

beforeEach(() => {
  clearCache();
  cacheStore().expiredAt.clear();
  cacheStore().missedAt.clear();
  cacheStore().clearedAt = -Infinity;
  cacheStore().maxBytes = DEFAULT_MAX_BYTES;
  vi.useFakeTimers();
  vi.setSystemTime(T0);
  cache = new MemoryCacheHandler({});
});

afterEach(() => {
  vi.useRealTimers();
});

describe('MemoryCacheHandler', () => {
  it('returns what was stored, with the time its render started and its cache control', async () => {
    const value = page('<p>Hello</p>', ['issue:2010-09-15']);
    expect(await cache.get('/issues/2010-09-15', {})).toBeNull(); // the miss that starts the render
    vi.advanceTimersByTime(40);
    await cache.set('/issues/2010-09-15', value, { cacheControl: { revalidate: 60 } });
    expect(await cache.get('/issues/2010-09-15', {})).toEqual({
      value,
      lastModified: T0,
      cacheControl: { revalidate: 60 },
    });
    expect(await cache.get('/elsewhere', {})).toBeNull();
  });

  it('keeps no cache control for fetch entries and deletes on a null value', async () => {
    await cache.set('k', data(1), { fetchCache: true, tags: ['a'], cacheControl: { revalidate: 60 } });
    expect((await cache.get('k', { tags: ['a'] }))?.cacheControl).toBeUndefined();
    await cache.set('k', null, {});
    expect(await cache.get('k', {})).toBeNull();
    expect(cacheStore().bytes).toBe(0);
  });

  it('misses a page stored before one of its header tags was revalidated', async () => {
    await cache.set('/issues', page('archive', ['issues', 'home']), {});
    await cache.set('/about', page('about', ['about']), {});
    vi.advanceTimersByTime(10_000);
    await cache.revalidateTag('home');
    expect(await cache.get('/issues', {})).toBeNull();
    expect(cacheStore().entries.has('/issues')).toBe(false);
    expect(await cache.get('/about', {})).not.toBeNull();
  });

  it('misses a fetch entry stored before its context tags or soft tags expired', async () => {
    await cache.set('q1', data('a'), { fetchCache: true, tags: ['issue:1'] });
    await cache.set('q2', data('b'), { fetchCache: true, tags: ['issue:2'] });
    vi.advanceTimersByTime(10_000);
    expireTags(['issue:1', '_N_T_/issues/2010-09-15']);
    expect(await cache.get('q1', { tags: ['issue:1'] })).toBeNull();
    expect(await cache.get('q2', { tags: ['issue:2'], softTags: ['_N_T_/issues/2010-09-15'] })).toBeNull();
  });

  it('checks tags given only when reading', async () => {
    await cache.set('q', data('a'), { fetchCache: true });
    vi.advanceTimersByTime(10_000);
    await cache.revalidateTag(['late']);
    expect(await cache.get('q', {})).not.toBeNull();
    expect(await cache.get('q', { tags: ['late'] })).toBeNull();
  });

  it('misses an entry stored in the same millisecond its tag expired', async () => {
    await cache.set('/issues', page('archive', ['issues']), {});
    await cache.revalidateTag('issues');
    expect(await cache.get('/issues', {})).toBeNull();
  });

  it('counts an entry from the miss that led to it: a tag expired during its render makes it stale at once', async () => {
    expect(await cache.get('/issues', {})).toBeNull();
    vi.advanceTimersByTime(5_000); // a slow render…
    await cache.revalidateTag('issues'); // …during which an import commits
    vi.advanceTimersByTime(1_000);
    await cache.set('/issues', page('read before the import', ['issues']), {});
    expect(await cache.get('/issues', {})).toBeNull();
    // The render that follows that miss is stored as fresh.
    vi.advanceTimersByTime(50);
    await cache.set('/issues', page('read after the import', ['issues']), {});
    expect((await cache.get('/issues', {}))?.value).toEqual(page('read after the import', ['issues']));
  });

  it('counts a store without a recorded miss (a background revalidation) from 2 seconds before it', async () => {
    await cache.revalidateTag('issues');
    vi.advanceTimersByTime(1_999);
    await cache.set('/issues', page('maybe stale', ['issues']), {});
    await cache.set('q', data('maybe stale'), { fetchCache: true, tags: ['issues'] });
    await cache.set('/about', page('untouched', ['about']), {});
    expect(await cache.get('/issues', {})).toBeNull();
    expect(await cache.get('q', { tags: ['issues'] })).toBeNull();
    expect(await cache.get('/about', {})).not.toBeNull();
    vi.advanceTimersByTime(2_001);
    await cache.set('/issues', page('fresh', ['issues']), {});
    expect((await cache.get('/issues', {}))?.value).toEqual(page('fresh', ['issues']));
  });

  it('treats what renders under way will store as stale once the cache is cleared', async () => {
    expect(await cache.get('/issues', {})).toBeNull();
    vi.advanceTimersByTime(500);
    clearCache();
    vi.advanceTimersByTime(500);
    await cache.set('/issues', page('rendered before the clear'), {});
    expect(await cache.get('/issues', {})).toBeNull();
  });

  it('does not keep 404 answers, which anyone could mint without end', async () => {
    await cache.set('/issues/2099-01-01', { ...page('not found'), status: 404 }, {});
    expect(cacheStore().entries.has('/issues/2099-01-01')).toBe(false);
    expect(cacheStore().bytes).toBe(0);
  });

  it('forgets everything on clearCache', async () => {
    await cache.set('a', page('a'), {});
    await cache.set('b', data('b'), { fetchCache: true, tags: ['t'] });
    clearCache();
    expect(await cache.get('a', {})).toBeNull();
    expect(await cache.get('b', { tags: ['t'] })).toBeNull();
    expect(cacheStore().bytes).toBe(0);
  });

  it('counts bytes once when a key is stored again', async () => {
    await cache.set('a', page('x'.repeat(100)), {});
    const once = cacheStore().bytes;
    expect(once).toBeGreaterThan(100);
    await cache.set('a', page('x'.repeat(100)), {});
    expect(cacheStore().bytes).toBe(once);
  });

  it('evicts the least recently used entries when over its size', async () => {
    const small = new MemoryCacheHandler({ maxMemoryCacheSize: 1_000 });
    const entry = (name: string) => page(name.repeat(200));
    await small.set('a', entry('a'), {});
    await small.set('b', entry('b'), {});
    expect([...cacheStore().entries.keys()]).toEqual(['a', 'b']);
    expect(await small.get('a', {})).not.toBeNull(); // a is now the most recently used
    await small.set('c', entry('c'), {});
    expect(await small.get('b', {})).toBeNull();
    expect(await small.get('a', {})).not.toBeNull();
    expect(await small.get('c', {})).not.toBeNull();
    expect(cacheStore().bytes).toBeLessThanOrEqual(1_000);
  });

  it('does not store an entry larger than the whole cache', async () => {
    const small = new MemoryCacheHandler({ maxMemoryCacheSize: 1_000 });
    await small.set('kept', page('k'), {});
    await small.set('huge', page('x'.repeat(2_000)), {});
    expect(await small.get('huge', {})).toBeNull();
    expect(await small.get('kept', {})).not.toBeNull();
  });

  it('shares one store between handler instances', async () => {
    await cache.set('shared', page('s'), {});
    expect(await new MemoryCacheHandler({}).get('shared', {})).not.toBeNull();
  });
});

describe('settleRendersStartedBefore', () => {
  beforeEach(() => vi.useRealTimers());

  it('waits for a render that started before the write to store its (stale) page, then lets the writer on', async () => {
    expect(await cache.get('/issues/2010-09-15', {})).toBeNull(); // a render starts
    const writeCommittedAt = Date.now() + 1;
    setTimeout(() => void cache.set('/issues/2010-09-15', page('from before the write'), {}), 60);
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2));
    await settleRendersStartedBefore(writeCommittedAt);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(cacheStore().missedAt.size).toBe(0);
  });

  it('returns at once when nothing is under way, and gives up on renders that never stored anything', async () => {
    let started = Date.now();
    await settleRendersStartedBefore(Date.now());
    expect(Date.now() - started).toBeLessThan(20);

    expect(await cache.get('/failed-render', {})).toBeNull();
    started = Date.now();
    await settleRendersStartedBefore(Date.now() + 1, 100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });
});
