import { BackupError } from './errors';
import type { TableSum } from './verify';

/**
 * A backup file is pg_dump's plain SQL, as psql reads it, with comments of ours around it: a header saying how
 * to restore it, and a last line holding the manifest — the digests the restore checks (verify.ts). Comments, so
 * that `psql -f` still reads the file as it is.
 */

export const MANIFEST_PREFIX = '-- briefings-backup-manifest: ';

export type Manifest = {
  format: 1;
  /** The database it was taken from: the embedded one or a PostgreSQL server. */
  source: 'pglite' | 'postgres';
  serverVersion: string;
  takenAt: string;
  relations: TableSum[];
};

export function withManifest(sql: string, manifest: Manifest): string {
  const header = [
    '--',
    `-- Briefings backup, taken ${manifest.takenAt} from ${manifest.source === 'pglite' ? 'the embedded database' : 'PostgreSQL'}.`,
    '-- Restore into an empty database with `npm run db:restore -- FILE`, which checks the manifest on the last line,',
    '-- or with psql: psql -X -v ON_ERROR_STOP=1 --single-transaction -d EMPTY_DATABASE -f FILE',
    '--',
    '',
  ].join('\n');
  return `${header}${sql.endsWith('\n') ? sql : `${sql}\n`}${MANIFEST_PREFIX}${JSON.stringify(manifest)}\n`;
}

/** The manifest on the file's last line, or undefined for a dump made by other means (restored unverified). */
export function readManifest(text: string): Manifest | undefined {
  const lastLine = text.trimEnd().split('\n').at(-1) ?? '';
  if (!lastLine.startsWith(MANIFEST_PREFIX)) return undefined;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(lastLine.slice(MANIFEST_PREFIX.length)) as Manifest;
  } catch {
    throw new BackupError('The backup file’s manifest (its last line) is damaged: the file is not whole.');
  }
  if (manifest.format !== 1 || !Array.isArray(manifest.relations)) {
    throw new BackupError(`The backup file’s manifest is of an unknown format (${String(manifest.format)}).`);
  }
  return manifest;
}
