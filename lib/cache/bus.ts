import { sql } from 'drizzle-orm';
import type { Connection, Executor } from '@/db/client';
import { clearCache, expireTags } from './handler';
import { CACHE_CHANNEL } from './tags';

/**
 * Invalidation across processes. A write announces the tags it changed with pg_notify inside its transaction,
 * so the announcement goes out only if the write commits. Every server process listens and expires those tags
 * in its cache — on PostgreSQL that includes other app instances and a CLI import run beside the server; on
 * PGlite it is the server's own writes (no other process can open the folder).
 */

/** PostgreSQL refuses a notification of 8000 bytes or more; an import of many issues changes more tags than that. */
const MAX_PAYLOAD_BYTES = 7000;

/** The tags as JSON arrays of at most MAX_PAYLOAD_BYTES each. */
export function announcements(changed: readonly string[]): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let bytes = 2; // the brackets
  for (const tag of changed) {
    const size = Buffer.byteLength(JSON.stringify(tag)) + 1; // and a comma
    if (batch.length && bytes + size > MAX_PAYLOAD_BYTES) {
      payloads.push(JSON.stringify(batch));
      batch = [];
      bytes = 2;
    }
    batch.push(tag);
    bytes += size;
  }
  if (batch.length) payloads.push(JSON.stringify(batch));
  return payloads;
}

export async function announceChanged(executor: Executor, changed: readonly string[]): Promise<void> {
  for (const payload of announcements(changed)) await executor.execute(sql`select pg_notify(${CACHE_CHANNEL}, ${payload})`);
}

export function parseAnnouncement(payload: string): string[] {
  try {
    const value: unknown = JSON.parse(payload);
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

/** Expires announced tags in this process's cache; `also` hears them too (lib/articles/gone.ts keeps its set). */
export async function listenForChanges(
  connection: Connection,
  also: { heard: (tags: string[]) => void; refresh: () => unknown } = { heard: () => {}, refresh: () => {} },
): Promise<void> {
  await connection.listen(
    CACHE_CHANNEL,
    (payload) => {
      const tags = parseAnnouncement(payload);
      expireTags(tags);
      also.heard(tags);
    },
    // Announcements may have been missed while the connection was down: trust nothing cached before.
    () => {
      clearCache();
      also.refresh();
    },
  );
}
