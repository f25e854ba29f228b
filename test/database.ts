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
 */
export function useFreshDatabase(): { connection: () => Connection } {
  let connection: Connection | undefined;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (serverUrl) {
      const name = `briefings_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const { Client } = await import('pg');
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      process.env.DATABASE_URL = url.toString();
      cleanup = async () => {
        const dropper = new Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      };
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-test-'));
      delete process.env.DATABASE_URL;
      process.env.DATA_DIR = dir;
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    connection = await getConnection();
    await migrate(connection);
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
