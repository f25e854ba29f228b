import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { closeDb, getConnection, type Connection } from '@/db/client';
import { migrate } from '@/db/migrate';

/**
 * A fresh, migrated database for one test file, reached through the app's own configuration path
 * (config → getConnection): PGlite in a new temporary folder, or — when TEST_DATABASE_URL is set — a new database
 * created on that PostgreSQL server and dropped afterwards. Only databases named briefings_test_* are ever created
 * or dropped, so the server's other databases are never touched.
 *
 * `migrate: false` leaves the database empty (no tables), for tests of the migration and start-up path itself.
 */
export function withFreshDatabase({ migrate: migrated = true }: { migrate?: boolean } = {}): { connection: () => Connection } {
  let connection: Connection | undefined;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    // A migrated database is a copy of the run's template (test/global-setup.ts); an empty one is made afresh.
    const template = migrated ? inject('migratedTemplate') : undefined;
    if (serverUrl) {
      const fromTemplate = template?.kind === 'postgres' ? template.name : undefined;
      const { name, url } = await createTestDatabase(serverUrl, Math.random().toString(36).slice(2, 10), fromTemplate);
      process.env.DATABASE_URL = url;
      cleanup = () => dropTestDatabase(serverUrl, name);
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-test-'));
      if (template?.kind === 'pglite') fs.cpSync(template.folder, path.join(dir, 'pglite'), { recursive: true });
      delete process.env.DATABASE_URL;
      process.env.DATA_DIR = dir;
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    connection = await getConnection();
    // Without a template (a test file run outside the suite's setup), migrate here; on a copy this finds nothing to do.
    if (migrated && !template) await migrate(connection);
  });

  afterAll(async () => {
    await closeDb();
    await cleanup?.();
  });

  return {
    connection: () => {
      if (!connection) throw new Error('The test database is opened in beforeAll.');
      return connection;
    },
  };
}

type Admin = { query: <Row>(text: string, values?: unknown[]) => Promise<{ rows: Row[] }> };

/** Waits (up to five seconds) until no other session is connected to the database `name`. */
export async function untilUnused(admin: Admin, name: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 25) {
    const { rows } = await admin.query<{ count: number }>(
      'select count(*)::int as count from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    if (rows[0]?.count === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Creates briefings_test_<pid>_<suffix> on the server, empty or as a copy of `template` (which nobody may be
 * connected to), and returns its name and URL.
 */
export async function createTestDatabase(serverUrl: string, suffix: string, template?: string): Promise<{ name: string; url: string }> {
  const name = `briefings_test_${process.pid}_${suffix}`;
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  if (template) await untilUnused(admin, template);
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/**
 * Drops a briefings_test_* database on the server. A closed pool's connections end a moment after pool.end()
 * resolves, and a forced drop would kill them mid-goodbye (an error on a client nobody listens to any more), so
 * wait for them to go first; force only what is still there after a few seconds.
 */
export async function dropTestDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^briefings_test_\w+$/.test(name)) throw new Error(`Refusing to drop ${name}: not a test database.`);
  const { Client } = await import('pg');
  const dropper = new Client({ connectionString: serverUrl });
  await dropper.connect();
  try {
    await untilUnused(dropper, name);
    await dropper.query(`drop database if exists ${name} with (force)`);
  } finally {
    await dropper.end();
  }
}
