import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
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
    if (serverUrl) {
      const { name, url } = await createTestDatabase(serverUrl, Math.random().toString(36).slice(2, 10));
      process.env.DATABASE_URL = url;
      cleanup = () => dropTestDatabase(serverUrl, name);
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-test-'));
      delete process.env.DATABASE_URL;
      process.env.DATA_DIR = dir;
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    connection = await getConnection();
    if (migrated) await migrate(connection);
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

/** Creates briefings_test_<pid>_<suffix> on the server and returns its name and URL. */
export async function createTestDatabase(serverUrl: string, suffix: string): Promise<{ name: string; url: string }> {
  const name = `briefings_test_${process.pid}_${suffix}`;
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
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
    for (let waited = 0; waited < 5000; waited += 25) {
      const { rows } = await dropper.query<{ count: number }>(
        'select count(*)::int as count from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      if (rows[0]?.count === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await dropper.query(`drop database if exists ${name} with (force)`);
  } finally {
    await dropper.end();
  }
}
