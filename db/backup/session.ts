import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { connect, redact } from '@/db/client';
import { DataDirLockedError } from '@/db/lock';
import { BackupError } from './errors';

/**
 * One database connection of this process's own, for the backup tools: the embedded database (opened as the app
 * opens it — the data folder's lock keeps a running server out, and its message says to stop the server) or a
 * PostgreSQL server (one session, so that a snapshot, and settings, hold across queries).
 */

export type Rows = Record<string, unknown>[];

export type Session = {
  kind: 'pglite' | 'postgres';
  /** For messages: the folder or the server, without a password. */
  location: string;
  query(text: string): Promise<Rows>;
  /** A script of statements (no parameters); PGlite runs it in one transaction. */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
  /** PGlite's own client, for pg_dump's WebAssembly build; undefined on PostgreSQL. */
  pglite?: PGlite;
};

/** Where the embedded database of a data folder lives (db/client.ts opens the same). */
export function pgliteFolder(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/** Whether the data folder holds an embedded database at all (PostgreSQL's PG_VERSION file marks a cluster). */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(pgliteFolder(dataDir), 'PG_VERSION'));
}

/** Opens the embedded database in `dataDir`; `mustExist` refuses a folder without one rather than making it. */
export async function openEmbedded(dataDir: string, { mustExist }: { mustExist: boolean }): Promise<Session> {
  if (mustExist && !hasEmbeddedDatabase(dataDir)) {
    throw new BackupError(`There is no embedded database in ${pgliteFolder(dataDir)} (DATA_DIR=${dataDir}).`);
  }
  const connection = await connect({ dataDir }).catch((error: unknown) => {
    if (!(error instanceof DataDirLockedError)) throw error;
    const { pid, hostname, command, since } = error.holder;
    throw new BackupError(
      `The embedded database in ${dataDir} is in use by pid ${pid} on ${hostname} (${command}), since ${since}. ` +
        'A backup, restore or move needs it to itself: stop the server (or that command), run this again — it takes ' +
        'seconds — then start the server.',
    );
  });
  // drizzle keeps the client it was given; the connection hands out nothing else.
  const client = (connection.db as unknown as { $client: PGlite }).$client;
  return {
    kind: 'pglite',
    location: connection.location,
    query: async (text) => (await client.query<Record<string, unknown>>(text)).rows,
    exec: async (text) => {
      await client.transaction((tx) => tx.exec(text));
    },
    close: () => connection.close(),
    pglite: client,
  };
}

export async function openPostgres(url: string): Promise<Session> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect().catch((error: Error) => {
    throw new BackupError(`Could not connect to PostgreSQL at ${redact(url)}: ${error.message}`);
  });
  // An error on an idle client (the server restarting) would otherwise end the process without a word.
  client.on('error', () => {});
  return {
    kind: 'postgres',
    location: redact(url),
    query: async (text) => (await client.query<Record<string, unknown>>(text)).rows,
    exec: async (text) => {
      await client.query(text);
    },
    close: () => client.end(),
  };
}

/** The database of the configuration: PostgreSQL when DATABASE_URL is set, else the data folder's. */
export function openConfigured(target: { databaseUrl?: string; dataDir: string }, options: { mustExist: boolean }): Promise<Session> {
  return target.databaseUrl ? openPostgres(target.databaseUrl) : openEmbedded(target.dataDir, options);
}

/**
 * Refuses a database that holds anything of its own: a restore or a move into it would mix two databases. A new
 * PostgreSQL database and a new embedded one have only the empty `public` schema.
 */
export async function assertEmpty(session: Session): Promise<void> {
  const rows = await session.query(`
    select n.nspname || '.' || c.relname as name from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'
    union all
    select n.nspname from pg_catalog.pg_namespace n
      where n.nspname not in ('public', 'pg_catalog', 'information_schema') and n.nspname !~ '^pg_'
    union all
    select n.nspname || '.' || p.proname || '()' from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`);
  if (rows.length === 0) return;
  const names = rows.map((row) => String(row.name)).sort();
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
  throw new BackupError(
    `The target database (${session.location}) is not empty: it holds ${names.length} object(s) (${shown}). ` +
      'Restore and move only go into an empty database: create a new one (createdb NAME), or point DATA_DIR at a new folder.',
  );
}
