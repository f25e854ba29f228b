/**
 * A backup, restore or move that cannot go ahead, for a reason the operator can act on (a target that is not
 * empty, a missing pg_dump, a dump that does not verify). The scripts print its message alone (scripts/run.ts).
 */
export class BackupError extends Error {
  name = 'BackupError';
}
