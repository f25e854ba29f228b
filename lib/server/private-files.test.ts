import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { log } from '@/lib/ops/log.mjs';
import { connect } from '@/db/client';
import { LOCK_FILE } from '@/db/lock';
import { migrate } from '@/db/migrate';
import { authSecret } from '@/lib/auth/secret';
import { sendMail } from '@/lib/mail/send';
import { PrivateFilesError, privateDataDir, tightenExistingDataDirs } from './private-files';

/**
 * The data folders are this user's alone: every folder 0700 and every file 0600, whether the real code paths made
 * them (PGlite, the lock, the auth secret, the outgoing mail) or an older version left them open to others.
 */

type Entry = { name: string; kind: 'file' | 'folder'; mode: number };

/** Every file and folder under `root` (the root included), as lstat sees it: links are listed, not followed. */
function walk(root: string): Entry[] {
  const entries: Entry[] = [];
  const visit = (entry: string) => {
    const stats = fs.lstatSync(entry);
    const name = path.relative(root, entry) || '.';
    if (stats.isDirectory()) {
      entries.push({ name, kind: 'folder', mode: stats.mode & 0o7777 });
      for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    } else if (stats.isFile()) {
      entries.push({ name, kind: 'file', mode: stats.mode & 0o7777 });
    }
  };
  visit(root);
  return entries;
}

/** The entries that are not private, with their modes: what a failing test should show. */
function notPrivate(root: string): string[] {
  return walk(root)
    .filter(({ kind, mode }) => mode !== (kind === 'folder' ? 0o700 : 0o600))
    .map(({ name, kind, mode }) => `${kind} ${name} ${mode.toString(8)}`);
}

function logged(log: { mock: { calls: unknown[][] } }): string[] {
  return log.mock.calls.map((call) => call.join(' ')).filter((line) => line.includes('readable by this user only'));
}

let tmp: string;
let umask: number;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-private-'));
  umask = process.umask();
});

// What most machines give a process (files 0644, folders 0755), before each test: the code under test changes it.
beforeEach(() => process.umask(0o022));

afterAll(() => {
  process.umask(umask);
  fs.rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => vi.restoreAllMocks());

describe('a fresh data folder', () => {
  it('is made private by the real code paths: the database, its lock, the auth secret and the mail', async () => {
    const dataDir = path.join(tmp, 'fresh');
    Object.assign(process.env, { DATA_DIR: dataDir, SITE_URL: 'http://localhost:3000' });
    for (const name of ['AUTH_SECRET', 'SMTP_URL', 'MAIL_DIR']) delete process.env[name];
    vi.spyOn(log(), 'info').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {}); // the outbox's own line (lib/mail/send.ts)

    const connection = await connect({ dataDir });
    try {
      await migrate(connection); // tables, indexes and WAL written after the start, not only initdb's files
      authSecret();
      await sendMail({ to: 'reader@example.org', subject: 'Sign in', text: 'A link.', html: '<p>A link.</p>' });
      const names = walk(dataDir).map((entry) => entry.name);
      expect(names).toEqual(expect.arrayContaining([LOCK_FILE, 'auth-secret', 'mail', 'pglite/PG_VERSION', 'pglite/pg_wal']));
      expect(names.filter((name) => name.startsWith('mail/'))).toHaveLength(1);
      expect(names.length).toBeGreaterThan(500);
      expect(notPrivate(dataDir)).toEqual([]);
    } finally {
      await connection.close();
    }
    expect(notPrivate(dataDir)).toEqual([]);
  }, 180_000); // a new PGlite database takes a while on a busy machine
});

describe('a data folder from an older version', () => {
  /** A real PGlite database and the rest, made as an older version did: folders 0755, files 0644. */
  async function looseDataDir(dataDir: string): Promise<void> {
    const { PGlite } = await import('@electric-sql/pglite');
    fs.mkdirSync(dataDir);
    const pglite = await PGlite.create(path.join(dataDir, 'pglite'));
    await pglite.exec('create table notes (body text); insert into notes values ($$kept$$)');
    await pglite.close();
    fs.writeFileSync(path.join(dataDir, 'auth-secret'), 'x'.repeat(43));
    fs.mkdirSync(path.join(dataDir, 'mail'));
    fs.writeFileSync(path.join(dataDir, 'mail', 'old.eml'), 'Subject: Sign in\n\nA link.\n');
    for (const { name, kind } of walk(dataDir)) fs.chmodSync(path.join(dataDir, name), kind === 'folder' ? 0o755 : 0o644);
  }

  it('is tightened when opened, said once in the log, and links out of it are not followed', async () => {
    const dataDir = path.join(tmp, 'old');
    await looseDataDir(dataDir);
    const outside = path.join(tmp, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'shared.txt'), 'not ours');
    fs.symlinkSync(outside, path.join(dataDir, 'linked-folder'));
    fs.symlinkSync(path.join(outside, 'shared.txt'), path.join(dataDir, 'linked-file'));
    const before = walk(dataDir);
    const files = before.filter((entry) => entry.kind === 'file').length;
    const folders = before.filter((entry) => entry.kind === 'folder').length;
    expect(files).toBeGreaterThan(500);
    const info = vi.spyOn(log(), 'info').mockImplementation(() => {});

    const connection = await connect({ dataDir });
    await connection.close();
    privateDataDir(path.join(dataDir, 'mail')); // as sendMail does later: already done, not walked nor said again

    expect(logged(info)).toEqual([`Briefings: made ${files} files and ${folders} folders in ${dataDir} readable by this user only`]);
    expect(notPrivate(dataDir)).toEqual([]);
    expect(fs.statSync(outside).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(outside, 'shared.txt')).mode & 0o777).toBe(0o644);
  }, 180_000);

  it('is tightened at start if it exists, and no folder is created that does not', () => {
    const dataDir = path.join(tmp, 'at-start');
    const mailDir = path.join(tmp, 'no-mail-yet');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'auth-secret'), 'x'.repeat(43));
    const info = vi.spyOn(log(), 'info').mockImplementation(() => {});

    tightenExistingDataDirs({ dataDir, mailDir });

    expect(logged(info)).toEqual([`Briefings: made 1 file and 1 folder in ${dataDir} readable by this user only`]);
    expect(notPrivate(dataDir)).toEqual([]);
    expect(fs.existsSync(mailDir)).toBe(false);
  });

  it('that cannot be changed stops with the path and the remedy', () => {
    const dataDir = path.join(tmp, 'not-ours');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'auth-secret'), 'x'.repeat(43));
    const chmod = fs.chmodSync;
    vi.spyOn(fs, 'chmodSync').mockImplementation((file, mode) => {
      if (String(file).endsWith('auth-secret')) throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
      chmod(file, mode);
    });

    expect(() => privateDataDir(dataDir)).toThrow(PrivateFilesError);
    expect(() => privateDataDir(dataDir)).toThrow(`Could not make ${path.join(dataDir, 'auth-secret')} readable by this user only (EPERM)`);
  });
});
