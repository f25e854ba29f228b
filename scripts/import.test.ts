import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, queryRows } from '@/db/client';
import { LOCK_FILE, lockDataDir } from '@/db/lock';

/**
 * The import command as a user runs it: a separate process on a PGlite data folder. PGlite only — on PostgreSQL
 * there is no folder lock, and the importer itself is tested against both databases in lib/issues/import.test.ts.
 */

const PROJECT = process.cwd();
const CONTENT_FILE = path.join(PROJECT, 'content', 'briefing-2010-09-15.txt');

type Run = { code: number | null; stdout: string; stderr: string };

function runImport(dataDir: string, args: string[], extra: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  Object.assign(env, extra);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/import.ts', ...args],
      { cwd: PROJECT, env, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** Lists a folder's files, recursively, with their sizes and modification times, to prove nothing changed. */
function snapshot(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((name) => {
    const stat = fs.statSync(path.join(dir, name));
    return `${name} ${stat.size} ${stat.mtimeMs}`;
  });
}

async function storedDates(dataDir: string): Promise<string[]> {
  const connection = await connect({ dataDir });
  try {
    const rows = await queryRows<{ date: string }>(
      connection.db,
      sql`select to_char(date, 'YYYY-MM-DD') as date from issues order by date`,
    );
    return rows.map((row) => row.date);
  } finally {
    await connection.close();
  }
}

describe.skipIf(!!process.env.TEST_DATABASE_URL)('npm run import (PGlite)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-cli-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('without arguments prints its usage and exits 2, touching nothing', { timeout: 60_000 }, async () => {
    const dataDir = path.join(tmp, 'untouched');
    const run = await runImport(dataDir, []);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage: npm run import -- FILE_OR_FOLDER');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('refuses clearly while another process holds the data folder', { timeout: 90_000 }, async () => {
    const dataDir = path.join(tmp, 'locked');
    const release = lockDataDir(dataDir);
    try {
      const lockBefore = fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8');
      const before = snapshot(dataDir);

      const run = await runImport(dataDir, ['content']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`The embedded database in ${dataDir} is in use by another process`);
      expect(run.stderr).toContain(`pid ${process.pid} on ${os.hostname()}`);
      expect(run.stderr).toContain('DATABASE_URL');
      // An explained error: the message alone, no stack trace.
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).not.toContain('created');

      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(false);
      expect(snapshot(dataDir)).toEqual(before);
      expect(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).toBe(lockBefore);
    } finally {
      release();
    }
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('imports into a free folder, then refuses a batch with a malformed file and stores nothing', { timeout: 120_000 }, async () => {
    const dataDir = path.join(tmp, 'free');
    const created = await runImport(dataDir, ['content']);
    expect(created.stderr).not.toMatch(/error/i);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^created\s+2010-09-15\s+1 article\s+content\/briefing-2010-09-15\.txt$/m);
    expect(created.stdout).toContain('Imported 1 file: 1 created, 0 updated, 0 unchanged.');
    // The process let go of the folder when it ended.
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    const files = path.join(tmp, 'batch');
    fs.mkdirSync(files);
    const good = path.join(files, 'a-good.txt');
    const bad = path.join(files, 'b-bad.txt');
    fs.writeFileSync(good, fs.readFileSync(CONTENT_FILE, 'utf8').replace('September 15, 2010', 'September 29, 2010'));
    fs.writeFileSync(bad, 'October 13, 2010\n\nA title and nothing else\n');
    const refused = await runImport(dataDir, [files]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:4: expected the standfirst (one paragraph) after the title, found the end of the file`);
    expect(refused.stderr).toMatch(/^Nothing was imported/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(refused.stdout).toBe('');

    expect(await storedDates(dataDir)).toEqual(['2010-09-15']);
  });
});

describe('npm run import against a PostgreSQL server that is not there', () => {
  it('says so with the address (no password) and exits 1', { timeout: 60_000 }, async () => {
    const run = await runImport(os.tmpdir(), [CONTENT_FILE], { DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/briefings' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^Could not connect to PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/briefings \(DATABASE_URL\): /,
    );
    expect(run.stderr).not.toContain('s3cret');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
