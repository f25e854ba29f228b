import fs from 'node:fs';
import path from 'node:path';
import { log } from '@/lib/ops/log.mjs';

/**
 * Everything in the data folders (the database, the auth secret, mail with sign-in links, the lock) is for this
 * user alone: folders 0700, files 0600.
 *
 * Not file by file: the process's umask is set to 0o077, so every file or folder it creates from then on is
 * private from the start, whoever creates it (the lock, the secret, the mail writer, PGlite's new folders). PGlite
 * also sets its files' modes explicitly, which the umask cannot stop: db/private-pglite-fs.ts handles that.
 * The umask also covers what else the server creates — Next's own cache under .next, temporary files — which is
 * fine: the server is the only reader of everything it writes (Next serves .next/static itself, and those files
 * are made by `next build`, a different process). It is set on every call, not once: it is cheap, and something
 * may have reset it. (A worker thread cannot set it and would throw; the app opens its data on the main thread.)
 *
 * A folder from an older version, made with the default umask, is tightened once per process and said so once
 * in the log. Symbolic links inside are left alone and not followed: what they point to is not ours to change.
 * The folder itself may be a link (a data volume mounted elsewhere); that one is followed.
 */

const PRIVATE_UMASK = 0o077;

/** Folders tightened (or found tight) by this process: each tree is walked once, and not again inside another. */
const done = new Set<string>();

export class PrivateFilesError extends Error {
  name = 'PrivateFilesError';
}

/** Creates `dir` (0700) if it is missing, and makes an existing tree readable by this user only. */
export function privateDataDir(dir: string): void {
  process.umask(PRIVATE_UMASK);
  const root = path.resolve(dir);
  // Every time: the folder may have been removed since (a test's, or by hand), and this is one cheap call.
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  if ([...done].some((folder) => root === folder || root.startsWith(folder + path.sep))) return;
  const { files, folders } = tighten(root);
  done.add(root);
  if (files || folders) {
    log().info(`Briefings: made ${count(files, 'file')} and ${count(folders, 'folder')} in ${root} readable by this user only`);
  }
}

/**
 * At start: tightens the data folders that exist already, so that the log says so before anything else; creates
 * none (a server with DATABASE_URL, AUTH_SECRET and SMTP_URL needs none, and may run on a read-only disk).
 */
export function tightenExistingDataDirs({ dataDir, mailDir }: { dataDir: string; mailDir: string }): void {
  for (const dir of [dataDir, mailDir]) if (fs.existsSync(dir)) privateDataDir(dir);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function tighten(root: string): { files: number; folders: number } {
  const changed = { files: 0, folders: 0 };
  const pending = [root];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    // The root may be a link to the real folder; below it, lstat: a link is neither a file nor a folder here.
    const stats = entry === root ? fs.statSync(entry) : fs.lstatSync(entry, { throwIfNoEntry: false });
    if (!stats) continue; // removed meanwhile (another process's lock, say)
    if (stats.isDirectory()) {
      if (makePrivate(entry, stats.mode)) changed.folders++;
      for (const name of readFolder(entry)) pending.push(path.join(entry, name));
    } else if (stats.isFile() && makePrivate(entry, stats.mode)) {
      changed.files++;
    }
  }
  return changed;
}

function readFolder(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw cannotTighten(folder, error);
  }
}

/** Drops the group's and others' permissions, keeping the owner's; true if anything changed. */
function makePrivate(entry: string, mode: number): boolean {
  if (!(mode & 0o077)) return false;
  try {
    fs.chmodSync(entry, mode & 0o7700);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw cannotTighten(entry, error);
  }
}

function cannotTighten(entry: string, error: unknown): PrivateFilesError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return new PrivateFilesError(
    `Could not make ${entry} readable by this user only (${reason}). It may belong to another user: give the data folder to the user that runs Briefings (chown -R), or remove it.`,
  );
}
