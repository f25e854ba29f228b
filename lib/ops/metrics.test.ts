import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from './log.mjs';
import { metrics } from './metrics.mjs';
import MemoryCacheHandler from '@/lib/cache/handler';

afterEach(() => {
  vi.restoreAllMocks();
  metrics().sources.queueDepths = undefined;
  metrics().sources.sendCounts = undefined;
});

/** The lines of one metric in the text Prometheus scrapes. */
async function linesOf(name: string): Promise<string[]> {
  return (await metrics().registry.metrics()).split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('metrics', () => {
  it('is one set per process, however often it is asked for', () => {
    expect(metrics()).toBe(metrics());
  });

  it('reads queue depths and send counts from their sources at each scrape', async () => {
    metrics().sources.queueDepths = async () => [
      { queue: 'cleanup', size: 0 },
      { queue: 'reply-notification', size: 3 },
    ];
    metrics().sources.sendCounts = async () => [
      { send: 7, status: 'sent', count: 120 },
      { send: 7, status: 'queued', count: 880 },
    ];
    expect(await linesOf('briefings_job_queue_depth')).toEqual([
      'briefings_job_queue_depth{queue="cleanup"} 0',
      'briefings_job_queue_depth{queue="reply-notification"} 3',
    ]);
    expect(await linesOf('briefings_send_deliveries')).toEqual([
      'briefings_send_deliveries{send="7",status="sent"} 120',
      'briefings_send_deliveries{send="7",status="queued"} 880',
    ]);
    // A send that finished since is gone from the next scrape.
    metrics().sources.sendCounts = async () => [];
    expect(await linesOf('briefings_send_deliveries')).toEqual([]);
  });

  it('still answers when a source fails, and logs why', async () => {
    const warn = vi.spyOn(log(), 'warn').mockImplementation(() => {});
    metrics().sources.queueDepths = async () => {
      throw new Error('database unreachable');
    };
    expect(await linesOf('briefings_job_queue_depth')).toEqual([]);
    expect(warn).toHaveBeenCalledWith({ err: expect.any(Error) }, 'metrics: could not read the queue depths');
  });

  it("counts the cache's hits and misses", async () => {
    const before = await linesOf('briefings_cache_lookups_total');
    const cache = new MemoryCacheHandler();
    expect(await cache.get('metrics-test-key')).toBeNull();
    const page = { kind: 'APP_PAGE', html: 'x', headers: {}, status: 200 };
    await cache.set('metrics-test-key', page, {});
    expect(await cache.get('metrics-test-key')).not.toBeNull();
    const count = (lines: string[], result: string) =>
      Number(lines.find((line) => line.includes(`result="${result}"`))?.split(' ')[1] ?? 0);
    const after = await linesOf('briefings_cache_lookups_total');
    expect(count(after, 'miss') - count(before, 'miss')).toBe(1);
    expect(count(after, 'hit') - count(before, 'hit')).toBe(1);
  });
});
