import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './errors';
import { withManifest, type Manifest } from './manifest';
import { openEmbedded, openPostgres, type Session } from './session';
import { clientConnection, runPgTool } from './tools';
import { digestDatabase } from './verify';

/**
 * A plain SQL dump of the whole database — the app's tables, drizzle's migration journal and pg-boss's schema with
 * its jobs — as pg_dump writes it, with the manifest that restore checks (manifest.ts). Row data is written as
 * INSERT statements rather than COPY, so that the embedded database (which has no COPY from a client) can restore
 * a server's dump as well as psql can.
 */

const PG_DUMP_ARGS = ['--no-owner', '--no-privileges', '--rows-per-insert=100'];

export type Dump = { sql: string; manifest: Manifest };

async function serverVersion(session: Session): Promise<string> {
  const [row] = await session.query('show server_version');
  return String(row?.server_version ?? 'unknown');
}

/**
 * The embedded database, dumped by pg_dump's WebAssembly build over PGlite's own connection. Holding the data
 * folder's lock meanwhile, nothing else writes: digests and dump see the same data.
 */
export async function dumpEmbedded(dataDir: string): Promise<Dump> {
  const session = await openEmbedded(dataDir, { mustExist: true });
  try {
    const relations = await digestDatabase(session);
    const version = await serverVersion(session);
    const { pgDump } = await import('@electric-sql/pglite-tools/pg_dump');
    const file = await pgDump({ pg: session.pglite!, args: PG_DUMP_ARGS });
    const sql = portable(await file.text());
    return { sql, manifest: { format: 1, source: 'pglite', serverVersion: version, takenAt: new Date().toISOString(), relations } };
  } finally {
    await session.close();
  }
}

/**
 * A PostgreSQL database, which may be in use: the digests are taken in a repeatable-read transaction whose
 * snapshot pg_dump then shares (--snapshot), so they describe exactly the rows it dumps.
 */
export async function dumpPostgres(url: string): Promise<Dump> {
  const session = await openPostgres(url);
  try {
    await session.exec('begin isolation level repeatable read read only');
    const [snapshot] = await session.query('select pg_catalog.pg_export_snapshot() as id');
    const relations = await digestDatabase(session);
    const version = await serverVersion(session);
    const client = clientConnection(url);
    const { stdout } = await runPgTool('pg_dump', [...PG_DUMP_ARGS, `--snapshot=${String(snapshot!.id)}`, `--dbname=${client.url}`], {
      env: client.env,
    });
    await session.exec('commit');
    return {
      sql: stdout,
      manifest: { format: 1, source: 'postgres', serverVersion: version, takenAt: new Date().toISOString(), relations },
    };
  } finally {
    await session.close();
  }
}

/**
 * PGlite's pg_dump is of PostgreSQL 18 and PGlite keeps an attribute option of its own on every column; older
 * servers' psql stops at both. Only the schema part (before the first table's data) is touched, so no row's text can
 * be mistaken for one of these lines.
 */
export function portable(sql: string): string {
  const dataStart = sql.indexOf('\n-- Data for Name: ');
  const schema = dataStart === -1 ? sql : sql.slice(0, dataStart);
  const rest = dataStart === -1 ? '' : sql.slice(dataStart);
  const cleaned = schema
    .replace(/^ALTER TABLE ONLY .+ ALTER COLUMN .+ SET \(pg_attver=\d+\);\n/gm, '')
    .replace(/^SET transaction_timeout = 0;\n/m, '');
  return cleaned + rest;
}

/** The file name `npm run db:backup` uses when given none: the time, so that backups sort and never collide. */
export function defaultBackupFile(now = new Date()): string {
  return `briefings-backup-${now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')}.sql`;
}

/**
 * Writes the dump: readable by this user only (it holds subscribers' addresses), never over an existing file, and
 * whole or not at all (written aside, then linked in place).
 */
export function writeBackup(file: string, dump: Dump): void {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  fs.writeFileSync(partial, withManifest(dump.sql, dump.manifest), { mode: 0o600 });
  try {
    // A link, unlike a rename, fails if the name is taken meanwhile.
    fs.linkSync(partial, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new BackupError(`${file} already exists; name another file (backups are never overwritten).`);
    throw error;
  } finally {
    fs.rmSync(partial, { force: true });
  }
}
