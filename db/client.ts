import fs from 'node:fs';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { config } from '@/lib/config';
import { privateDataDir } from '@/lib/server/private-files';
import { closeListeners, createListeners, listenOnPostgres } from './listen';
import { lockDataDir } from './lock';
import * as schema from './schema';
import { log } from '@/lib/ops/log.mjs';

/**
 * One database handle per process, opened on first use — never at import time, so `next build` and its workers
 * never touch the data. Without DATABASE_URL it is PGlite (embedded PostgreSQL) in DATA_DIR/pglite, guarded by
 * the data folder's lock and readable by this user only (lib/server/private-files.ts); with it, a node-postgres
 * pool. Both speak the same SQL and run the same migrations.
 */

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database or a transaction: what writes accept so that callers can compose them in one transaction. */
export type Executor = Db | Tx;

/** Rows as the driver returns them, for SQL run by text (executeSql). */
export type SqlResult = { rows: Record<string, unknown>[] };

export type Connection = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: the PGlite folder or the server (without the password). */
  location: string;
  /**
   * Calls `onMessage` with each NOTIFY payload on `channel`, from this process or (on PostgreSQL) any other.
   * `onGap` runs when messages may have been missed (the listening connection was lost and is back).
   */
  listen: (channel: string, onMessage: (payload: string) => void, onGap: () => void) => Promise<void>;
  /** Runs `task` while no other process runs an exclusive task on this database (e.g. migrations at start). */
  exclusive: <T>(task: () => Promise<T>) => Promise<T>;
  /**
   * Runs SQL given as text, outside any transaction of the caller's, as pg-boss (lib/jobs) sends it: with `values`,
   * one statement with `$1`… parameters; without, a script of statements (its own plans, some with their own
   * BEGIN … COMMIT), which is rolled back if a statement fails, so that no transaction is left open on the
   * connection. Returns the last statement's rows.
   */
  executeSql: (text: string, values?: unknown[]) => Promise<SqlResult>;
  close: () => Promise<void>;
};

async function openPglite(dataDir: string): Promise<Connection> {
  // Private before anything is written there, the lock file included.
  privateDataDir(dataDir);
  const release = lockDataDir(dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PrivateNodeFS } = await import('./private-pglite-fs');
    const { drizzle } = await import('drizzle-orm/pglite');
    const folder = path.join(dataDir, 'pglite');
    fs.mkdirSync(folder, { recursive: true });
    const client = await PGlite.create({ fs: new PrivateNodeFS(folder) });
    return {
      db: drizzle({ client, schema }) as unknown as Db,
      kind: 'pglite',
      location: folder,
      listen: async (channel, onMessage) => {
        await client.listen(channel, onMessage);
      },
      // The folder lock already keeps every other process out.
      exclusive: (task) => task(),
      // PGlite's `query` takes parameters but one statement; `exec` takes many but no parameters. A script runs in a
      // transaction of PGlite's own, which rolls back on failure (a BEGIN inside it only warns, its COMMIT commits).
      executeSql: async (text, values) => {
        if (values) return client.query<Record<string, unknown>>(text, values);
        const results = await client.transaction((tx) => tx.exec(text));
        return results.at(-1) ?? { rows: [] };
      },
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** DATABASE_URL names a server that cannot be reached (or refuses us): said plainly, with the address. */
export class DatabaseUnavailableError extends Error {
  name = 'DatabaseUnavailableError';
}

async function openPostgres(url: string): Promise<Connection> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new Pool({ connectionString: url, max: 10 });
  // The server may close an idle pooled connection (a restart, a failover, an idle timeout). node-postgres reports
  // it as an 'error' event, which would end the process if nobody listened; the pool replaces the connection.
  pool.on('error', (error) => {
    log().warn(`PostgreSQL (${redact(url)}): an idle connection was lost (${error.message}); the pool will open another.`);
  });
  // Fail now, with the address, rather than on the first page view.
  const probe = await pool.connect().catch(async (error: Error) => {
    await pool.end();
    throw new DatabaseUnavailableError(`Could not connect to PostgreSQL at ${redact(url)} (DATABASE_URL): ${error.message}`);
  });
  probe.release();
  const listeners = createListeners();
  return {
    db: drizzle({ client: pool, schema }) as unknown as Db,
    kind: 'postgres',
    location: redact(url),
    listen: (channel, onMessage, onGap) => listenOnPostgres(url, channel, onMessage, onGap, listeners),
    exclusive: async (task) => {
      // A session-level advisory lock, held on one pooled connection while the task runs on others.
      const holder = await pool.connect();
      try {
        await holder.query('select pg_advisory_lock(hashtext($1))', ['briefings.exclusive']);
        return await task();
      } finally {
        await holder.query('select pg_advisory_unlock(hashtext($1))', ['briefings.exclusive']).catch(() => {});
        holder.release();
      }
    },
    executeSql: async (text, values) => {
      if (values) return pool.query(text, values);
      // A script on a connection of its own, rolled back if a statement fails: a BEGIN in it would otherwise leave
      // an aborted transaction on a pooled connection for the next user to trip over.
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        const results = (await client.query(text)) as unknown as SqlResult | SqlResult[];
        return Array.isArray(results) ? (results.at(-1) ?? { rows: [] }) : results;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      await closeListeners(listeners);
      await pool.end();
    },
  };
}

/** Rows of a raw SQL query; the drivers differ in their result types but both return `rows`. */
export async function queryRows<Row>(executor: Executor, query: SQL): Promise<Row[]> {
  const result = (await executor.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

/** The URL without its password, wherever it was given (user:password@ or ?password=). */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return url.replace(/:[^:/@]*@/, ':***@');
  }
}

/** Opens a connection to an explicit target; the app uses `getConnection()`, tests and tools may use this. */
export function connect(target: { databaseUrl?: string; dataDir: string }): Promise<Connection> {
  return target.databaseUrl ? openPostgres(target.databaseUrl) : openPglite(target.dataDir);
}

type ProcessState = { connection?: Promise<Connection> };
const state = ((globalThis as { [key: symbol]: ProcessState })[Symbol.for('briefings.db')] ??= {});

/** The process's connection, opened on first use from the configuration. */
export function getConnection(): Promise<Connection> {
  if (!state.connection) {
    const { DATABASE_URL, dataDir } = config();
    state.connection = connect({ databaseUrl: DATABASE_URL, dataDir });
    // A failed open (the folder locked by another process, the server down) is retried on the next use.
    state.connection.catch(() => (state.connection = undefined));
  }
  return state.connection;
}

export async function getDb(): Promise<Db> {
  return (await getConnection()).db;
}

/** Closes the process's connection (scripts and tests call this when they are done). */
export async function closeDb(): Promise<void> {
  const pending = state.connection;
  state.connection = undefined;
  if (pending) await (await pending).close();
}
