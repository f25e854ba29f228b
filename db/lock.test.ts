import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir, STALE_AFTER_MS, type LockHolder } from './lock';

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

  it('takes over a lock nobody has touched for a minute, wherever its holder ran', async () => {
    const child = await startIdleProcess();
    const longAgo = new Date(Date.now() - STALE_AFTER_MS - 5_000);
    // A holder on another host (say, a container since recreated), and a live pid that is not the holder's.
    for (const holder of [{ pid: 2 ** 30, hostname: `not-${os.hostname()}` }, { pid: child.pid! }]) {
      writeLock(holder);
      fs.utimesSync(lockPath, longAgo, longAgo);
      const release = lockDataDir(dataDir);
      expect(readLock().pid).toBe(process.pid);
      release();
    }
  });

  it('lets exactly one of several processes take over a stale lock', { timeout: 120_000 }, async () => {
    // Each contender loads the module, says it is ready, then spins until the start file appears, so that all of
    // them reach for the lock within microseconds of one another.
    const start = path.join(dataDir, 'start');
    const script = `
      const fs = require('node:fs');
      const { lockDataDir } = require(${JSON.stringify(path.resolve('db/lock.ts'))});
      console.log('ready');
      while (!fs.existsSync(${JSON.stringify(start)}));
      try { lockDataDir(process.argv[1]); console.log('won'); setTimeout(() => {}, 60000); }
      catch (error) { console.log(error.name); }
    `;
    for (let trial = 0; trial < 5; trial++) {
      fs.rmSync(start, { force: true });
      const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
      await new Promise((resolve) => dead.once('exit', resolve));
      writeLock({ pid: dead.pid! });
      const contenders = Array.from({ length: 6 }, () => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(child);
        let output = '';
        const ready = new Promise<void>((resolve) =>
          child.stdout!.on('data', (chunk: Buffer) => {
            output += chunk.toString();
            if (output.includes('ready')) resolve();
          }),
        );
        // Decided once it says so. The winner keeps the lock until the trial ends: were it to exit first, a contender
        // the machine ran late could take the lock, rightly, and count as a second winner.
        const done = new Promise<string>((resolve) => {
          const decided = () => {
            const said = output.replace('ready', '').trim();
            if (said) resolve(said);
          };
          child.stdout!.on('data', decided);
          child.once('exit', () => resolve(output.replace('ready', '').trim()));
        });
        return { ready, done, child };
      });
      await Promise.all(contenders.map((contender) => contender.ready));
      fs.writeFileSync(start, '');
      const outcomes = await Promise.all(contenders.map((contender) => contender.done));
      expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'DataDirLockedError')).toHaveLength(5);
      await Promise.all(
        contenders.map(({ child }) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve).kill()) : null)),
      );
    }
  });
});
