import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir, type LockHolder } from './lock';

let dataDir: string;
let lockPath: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-lock-'));
  lockPath = path.join(dataDir, LOCK_FILE);
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A node process that idles for ten seconds (killed after each test). */
async function startIdleProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  return child;
}

function writeLock(holder: Partial<LockHolder>) {
  const full = { hostname: os.hostname(), command: 'scripts/import.ts content', since: '2010-09-15T12:00:00.000Z', ...holder };
  fs.writeFileSync(lockPath, JSON.stringify(full));
  return full as LockHolder;
}

const readLock = () => JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockHolder;

describe('lockDataDir', () => {
  it('creates the folder and writes a lock naming this process', () => {
    const nested = path.join(dataDir, 'new', 'folder');
    const release = lockDataDir(nested);
    const holder = JSON.parse(fs.readFileSync(path.join(nested, LOCK_FILE), 'utf8')) as LockHolder;
    expect(holder).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    expect(typeof holder.command).toBe('string');
    expect(Number.isNaN(Date.parse(holder.since))).toBe(false);
    release();
    expect(fs.existsSync(path.join(nested, LOCK_FILE))).toBe(false);
  });

  it('is re-entrant within one process', () => {
    const first = lockDataDir(dataDir);
    const since = readLock().since;
    const second = lockDataDir(dataDir);
    expect(readLock()).toMatchObject({ pid: process.pid, since });
    second();
    first();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('refuses a folder locked by another live process, naming it and the remedy', async () => {
    const child = await startIdleProcess();
    const holder = writeLock({ pid: child.pid! });
    let caught: unknown;
    try {
      lockDataDir(dataDir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataDirLockedError);
    const error = caught as DataDirLockedError;
    expect(error).toMatchObject({ name: 'DataDirLockedError', dataDir, holder });
    expect(error.message).toContain(`The embedded database in ${dataDir} is in use by another process:`);
    expect(error.message).toContain(`pid ${child.pid} on ${os.hostname()} (scripts/import.ts content), since 2010-09-15T12:00:00.000Z.`);
    expect(error.message).toContain('stop that process first');
    expect(error.message).toContain('set DATABASE_URL to a\nPostgreSQL server');
    expect(readLock()).toEqual(holder);
  });

  it('refuses a lock held on another host, whose process cannot be checked', () => {
    const holder = writeLock({ pid: 2 ** 30, hostname: `not-${os.hostname()}` });
    expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);
    expect(readLock()).toEqual(holder);
  });

  it('takes over a lock left by a process that has ended', async () => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    writeLock({ pid: child.pid! });
    const release = lockDataDir(dataDir);
    expect(readLock().pid).toBe(process.pid);
    release();
    expect(fs.existsSync(lockPath)).toBe(false);
  });

  it('takes over an unreadable lock file after looking again', () => {
    fs.writeFileSync(lockPath, 'not json');
    const release = lockDataDir(dataDir);
    expect(readLock().pid).toBe(process.pid);
    release();
  });

  it('leaves a lock that another process took alone on release', async () => {
    const release = lockDataDir(dataDir);
    const child = await startIdleProcess();
    const other = writeLock({ pid: child.pid! });
    release();
    expect(readLock()).toEqual(other);
  });
});
