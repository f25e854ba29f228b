import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite has no lock of its own: two processes on one data folder silently lose writes. So the first process to
 * open the folder writes a lock file naming itself; any other process that finds the lock held by a live process
 * stops with a message naming the holder and the remedy. A lock left by a process that died is taken over.
 */

export const LOCK_FILE = 'briefings.lock';

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
        'PostgreSQL server, which any number of processes can share.',
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

/**
 * Takes the folder's lock for this process (re-entrant within the process) and returns a release function.
 * Throws DataDirLockedError when another live process holds it.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me = describeThisProcess();
  const release = () => releaseDataDir(lockPath);

  for (let attempt = 1; ; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockPath);
    if (holder?.pid === process.pid && holder.hostname === me.hostname) return release;
    // A holder on another host cannot be checked, so it counts as alive.
    if (holder && (holder.hostname !== me.hostname || isAlive(holder.pid))) throw new DataDirLockedError(dataDir, holder);
    if (attempt === 5) throw new Error(`Could not take ${lockPath}; delete it if no other process uses ${dataDir}.`);
    if (!holder) {
      // Empty or unreadable: another process may be writing it right now. Look again shortly.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 * attempt);
      if (attempt < 3) continue;
    }
    // Left by a process that is gone (or unreadable for too long): take it over.
    fs.rmSync(lockPath, { force: true });
  }
}

function releaseDataDir(lockPath: string) {
  if (readHolder(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
}
