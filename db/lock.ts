import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite has no lock of its own: two processes on one data folder silently lose writes. So the first process to
 * open the folder writes a lock file naming itself, and touches it every few seconds while it lives; any other
 * process that finds the lock held stops with a message naming the holder and the remedy.
 *
 * A lock is stale — and taken over — when its process is gone (same host, no such pid) or when it has not been
 * touched for a minute (a holder on another host, e.g. a recreated container, or a pid since reused by an
 * unrelated process). Taking over renames the stale file aside first, so two contenders cannot both win.
 */

export const LOCK_FILE = 'briefings.lock';
const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_MS = 60_000;
/** A takeover takes microseconds; a takeover mutex this old was left by a process that died in it. */
const TAKEOVER_STALE_MS = 10_000;

export type LockHolder = { pid: number; hostname: string; command: string; since: string };

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      [
        `The embedded database in ${dataDir} is in use by another process:`,
        `  pid ${holder.pid} on ${holder.hostname} (${holder.command}), since ${holder.since}.`,
        'PGlite lets only one process open a data folder. Either stop that process first (for example the',
        'running server: stop `npm start`, run this command, then start it again), or set DATABASE_URL to a',
        'PostgreSQL server, which any number of processes can share. A lock whose process has gone is taken',
        `over by itself within a minute (or delete ${path.join(dataDir, LOCK_FILE)} if you are sure).`,
      ].join('\n'),
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

function describeThisProcess(): LockHolder {
  const script = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) : 'node';
  const args = process.argv.slice(2).join(' ');
  return {
    pid: process.pid,
    hostname: os.hostname(),
    command: `${script}${args ? ` ${args}` : ''}`,
    since: new Date().toISOString(),
  };
}

function isStale(lockPath: string, holder: LockHolder | undefined): boolean {
  const touched = fs.statSync(lockPath, { throwIfNoEntry: false })?.mtimeMs;
  if (touched === undefined) return false; // gone already: simply try again
  if (Date.now() - touched > STALE_AFTER_MS) return true;
  return holder !== undefined && holder.hostname === os.hostname() && !isAlive(holder.pid);
}

/**
 * Removes a stale lock — only while holding the takeover mutex (a directory: mkdir is atomic), and only if the file
 * is still the stale one we looked at. No other process can replace the file meanwhile (creating it fails while it
 * exists; removing it needs the mutex), so a fresh lock is never removed by mistake. A mutex left by a process that
 * died mid-takeover is cleared once it is clearly old.
 */
function takeOver(lockPath: string, stale: LockHolder | undefined): void {
  const mutex = `${lockPath}.takeover`;
  try {
    fs.mkdirSync(mutex);
  } catch {
    const since = fs.statSync(mutex, { throwIfNoEntry: false })?.mtimeMs;
    if (since !== undefined && Date.now() - since > TAKEOVER_STALE_MS) fs.rmSync(mutex, { recursive: true, force: true });
    // Another process is taking over: give it a moment, and the next attempt sees the outcome.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    return;
  }
  try {
    const current = readHolder(lockPath);
    if (current?.pid === stale?.pid && current?.since === stale?.since) fs.rmSync(lockPath, { force: true });
  } finally {
    fs.rmSync(mutex, { recursive: true, force: true });
  }
}

/**
 * Takes the folder's lock for this process (re-entrant within the process) and returns a release function.
 * Throws DataDirLockedError when another live process holds it.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me = describeThisProcess();

  for (let attempt = 1; ; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      return holdLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockPath);
    if (holder?.pid === process.pid && holder.hostname === me.hostname) return holdLock(lockPath);
    if (attempt === 5) throw new Error(`Could not take ${lockPath}; delete it if no other process uses ${dataDir}.`);
    if (!holder && attempt < 3) {
      // Empty or unreadable: another process may be writing it right now. Look again shortly.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 * attempt);
      continue;
    }
    if (holder && !isStale(lockPath, holder)) throw new DataDirLockedError(dataDir, holder);
    try {
      takeOver(lockPath, holder);
    } catch {
      // A race we lost: the next attempt sees who holds it now.
    }
  }
}

const held = new Map<string, { release: () => void }>();

/** Keeps the lock fresh while this process lives, and gives it up on exit. */
function holdLock(lockPath: string): () => void {
  const existing = held.get(lockPath);
  if (existing) return existing.release;
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      fs.utimesSync(lockPath, now, now);
    } catch {
      // The folder went away; the next open will say so.
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const release = () => {
    clearInterval(heartbeat);
    held.delete(lockPath);
    process.removeListener('exit', release);
    if (readHolder(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
  };
  held.set(lockPath, { release });
  process.once('exit', release);
  return release;
}
