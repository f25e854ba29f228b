import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connect } from '@/db/client';
import { migrate } from '@/db/migrate';
import { createTestDatabase, dropTestDatabase } from './database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, closed database that test/database.ts copies for each test file: a PGlite folder or a database name. */
    migratedTemplate: { kind: 'pglite'; folder: string } | { kind: 'postgres'; name: string };
  }
}

/**
 * Migrates one database for the whole run, which every test file then copies instead of creating and migrating its
 * own: a new PGlite folder costs an initdb (seconds of WebAssembly work, the largest part of a small test file's
 * time), and a new PostgreSQL database every migration. A copy is the same schema, made in milliseconds.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const { name, url } = await createTestDatabase(serverUrl, 'template');
    const connection = await connect({ databaseUrl: url, dataDir: os.tmpdir() });
    await migrate(connection);
    await connection.close();
    project.provide('migratedTemplate', { kind: 'postgres', name });
    return () => dropTestDatabase(serverUrl, name);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-test-template-'));
  const connection = await connect({ dataDir });
  await migrate(connection);
  await connection.close();
  project.provide('migratedTemplate', { kind: 'pglite', folder: path.join(dataDir, 'pglite') });
  return () => fs.rmSync(dataDir, { recursive: true, force: true });
}
