import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '@/db/client';
import { lockDataDir } from '@/db/lock';
import { migrate } from '@/db/migrate';
import { bounces, subscribers } from '@/db/schema';
import { createTestDatabase, dropTestDatabase } from '@/test/database';
import { insertSubscriber } from '@/test/subscriber-fixtures';

/**
 * `npm run bounces` as an operator runs it: a separate process, on a PGlite folder the test has let go of, or on
 * the PostgreSQL database TEST_DATABASE_URL names; then the same mbox again, which counts nothing twice.
 */

type Run = { code: number | null; stdout: string; stderr: string };

const MBOX = path.join(process.cwd(), 'test', 'fixtures', 'bounces', 'reports.mbox');
const serverUrl = process.env.TEST_DATABASE_URL;
let tmp: string;
let target: { databaseUrl?: string; dataDir: string };
let dropDatabase: (() => Promise<void>) | undefined;

function runBounces(args: string[], dataDir = target.dataDir): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/bounces.ts', ...args],
      { cwd: process.cwd(), env, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** Opens the database the script uses, for a moment (on PGlite the script cannot open it meanwhile). */
async function withDatabase<T>(task: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await connect(target);
  try {
    return await task(connection);
  } finally {
    await connection.close();
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-bounces-cli-'));
  target = { dataDir: path.join(tmp, 'data') };
  if (serverUrl) {
    const { name, url } = await createTestDatabase(serverUrl, `bounces${Math.random().toString(36).slice(2, 8)}`);
    target.databaseUrl = url;
    dropDatabase = () => dropTestDatabase(serverUrl, name);
  }
  await withDatabase(async (connection) => {
    await migrate(connection);
    await insertSubscriber(connection.db, { email: 'bob.busy@example.net' });
    await insertSubscriber(connection.db, { email: 'dan.nobody@example.org' });
  });
}, 120_000);

afterAll(async () => {
  await dropDatabase?.();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`npm run bounces (${serverUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('without arguments prints its usage and exits 2', { timeout: 90_000 }, async () => {
    const run = await runBounces([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage: npm run bounces -- FILE');
  });

  it('records an mbox’s reports, says what it found, and counts nothing twice when run again', { timeout: 180_000 }, async () => {
    const first = await runBounces([MBOX]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('unknown recipient: erin.gone@example.org');
    expect(first.stdout).toContain(
      'Hard bounces: 1, soft bounces: 1, complaints: 0, already recorded: 0, unknown recipients: 1, unsubscribe requests: 0, not reports: 1, errors: 0.',
    );

    const again = await runBounces([MBOX, path.join(tmp, 'no-such-file.eml')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${path.join(tmp, 'no-such-file.eml')}: ENOENT`);
    expect(again.stdout).toContain('Hard bounces: 0, soft bounces: 0, complaints: 0, already recorded: 2,');

    const stored = await withDatabase(async ({ db }) => ({
      bounces: (await db.select({ kind: bounces.kind }).from(bounces)).map(({ kind }) => kind).sort(),
      statuses: Object.fromEntries(
        (await db.select({ email: subscribers.email, status: subscribers.status }).from(subscribers)).map((row) => [row.email, row.status]),
      ),
    }));
    expect(stored).toEqual({
      bounces: ['hard', 'soft'],
      statuses: { 'bob.busy@example.net': 'active', 'dan.nobody@example.org': 'bounced' },
    });
  });

  it.skipIf(!!serverUrl)('refuses clearly while the server holds the PGlite folder', { timeout: 90_000 }, async () => {
    const release = lockDataDir(target.dataDir);
    try {
      const run = await runBounces([MBOX]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`The embedded database in ${target.dataDir} is in use by another process`);
      expect(run.stdout).not.toContain('Hard bounces');
    } finally {
      release();
    }
  });
});
