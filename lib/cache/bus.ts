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

export async function announceChanged(executor: Executor, changed: readonly string[]): Promise<void> {
  if (changed.length === 0) return;
  await executor.execute(sql`select pg_notify(${CACHE_CHANNEL}, ${JSON.stringify(changed)})`);
}

export function parseAnnouncement(payload: string): string[] {
  try {
    const value: unknown = JSON.parse(payload);
    return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

export async function listenForChanges(connection: Connection): Promise<void> {
  await connection.listen(
    CACHE_CHANNEL,
    (payload) => expireTags(parseAnnouncement(payload)),
    // Announcements may have been missed while the connection was down: trust nothing cached before.
    clearCache,
  );
}
