import { withManifest } from './manifest';
import { dumpEmbedded } from './dump';
import { restoreIntoPostgres } from './restore';
import { assertEmpty, openPostgres } from './session';
import { compareDigests, type Difference, type TableSum } from './verify';

/**
 * `db:move`: the embedded database copied into an empty PostgreSQL database — a dump (dump.ts) restored there in
 * one verified transaction (restore.ts) — then compared once more, table by table, with what the embedded
 * database held. The embedded database itself is left as it was.
 */

export type MoveOutcome = { source: TableSum[]; target: TableSum[]; differences: Difference[]; location: string };

export async function moveToPostgres(dataDir: string, url: string): Promise<MoveOutcome> {
  // Before the dump: a refusal should not wait for it.
  const target = await openPostgres(url);
  try {
    await assertEmpty(target);
  } finally {
    await target.close();
  }
  const dump = await dumpEmbedded(dataDir);
  const restored = await restoreIntoPostgres(url, withManifest(dump.sql, dump.manifest));
  const differences = compareDigests(dump.manifest.relations, restored.relations);
  return { source: dump.manifest.relations, target: restored.relations, differences, location: restored.location };
}
