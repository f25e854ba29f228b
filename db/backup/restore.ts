import { BackupError } from './errors';
import { readManifest, type Manifest } from './manifest';
import { assertEmpty, openConfigured, type Session } from './session';
import { clientConnection, runPgTool } from './tools';
import { compareDigests, digestDatabase, verificationSql, type TableSum } from './verify';

/**
 * Loads a plain SQL dump into an empty database, in one transaction that also checks the manifest's digests
 * (verify.ts) before it commits: a dump that fails half-way, or stores other rows than it listed, leaves the
 * target as empty as it was. On PostgreSQL psql runs the file (so a dump from any pg_dump works); on the embedded
 * database PGlite runs it, which needs INSERTs rather than COPY — as this project's dumps are written.
 */

export type RestoreOutcome = {
  location: string;
  /** The digests of what is now stored; `verified` when they were checked against the dump's manifest. */
  relations: TableSum[];
  verified: boolean;
};

const COMPLETE = '-- PostgreSQL database dump complete';

/** Refuses what is plainly not a whole pg_dump file before anything touches the target. */
function checkWhole(text: string): Manifest | undefined {
  if (!/^-- PostgreSQL database dump$/m.test(text)) throw new BackupError('This file is not a plain SQL dump from pg_dump.');
  if (!text.includes(COMPLETE)) throw new BackupError('This dump is not whole: it lacks pg_dump’s closing line (was it cut short?).');
  return readManifest(text);
}

/** psql's \restrict and \unrestrict (newer pg_dumps guard their output with them) mean nothing to PGlite. */
export function forEmbedded(text: string): string {
  if (/^COPY .+ FROM stdin;$/m.test(text)) {
    throw new BackupError('This dump holds its rows as COPY data, which the embedded database cannot read: dump with --inserts.');
  }
  return text.replace(/^\\(un)?restrict [A-Za-z0-9]+$/gm, '');
}

async function loadEmbedded(session: Session, sql: string, manifest: Manifest | undefined): Promise<void> {
  try {
    await session.exec(sql + (manifest ? verificationSql(manifest.relations) : ''));
  } catch (error) {
    throw new BackupError(`The restore failed and was rolled back, leaving ${session.location} empty: ${(error as Error).message}`);
  }
}

async function loadPostgres(url: string, text: string, manifest: Manifest | undefined): Promise<void> {
  const client = clientConnection(url);
  const script = ['\\set ON_ERROR_STOP on', 'begin;', text, manifest ? verificationSql(manifest.relations) : '', 'commit;', ''].join('\n');
  try {
    await runPgTool('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', `--dbname=${client.url}`, '-f', '-'], { env: client.env, input: script });
  } catch (error) {
    throw new BackupError(`The restore failed and was rolled back, leaving the database empty.\n${(error as Error).message}`);
  }
}

/** Restores `text` (a dump file's content) into the configured database, which must be empty. */
export async function restoreBackup(target: { databaseUrl?: string; dataDir: string }, text: string): Promise<RestoreOutcome> {
  const manifest = checkWhole(text);
  // Before the target is opened (a new embedded database is made on opening): a dump it cannot read is refused first.
  const embeddedSql = target.databaseUrl ? undefined : forEmbedded(text);
  const session = await openConfigured(target, { mustExist: false });
  try {
    await assertEmpty(session);
    if (target.databaseUrl) await loadPostgres(target.databaseUrl, text, manifest);
    else await loadEmbedded(session, embeddedSql!, manifest);
    const relations = await digestDatabase(session);
    // Checked in the transaction already; once more from outside it, as a reader will see the data.
    if (manifest && compareDigests(manifest.relations, relations).length > 0) {
      throw new BackupError('The restored database differs from the dump’s manifest after it was stored.');
    }
    return { location: session.location, relations, verified: manifest !== undefined };
  } finally {
    await session.close();
  }
}

/** Loads a dump into an empty PostgreSQL database (what `db:move` does after dumping the embedded one). */
export async function restoreIntoPostgres(url: string, text: string): Promise<RestoreOutcome> {
  return restoreBackup({ databaseUrl: url, dataDir: '' }, text);
}
