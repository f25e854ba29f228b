import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './errors';

/**
 * PostgreSQL's own client programs (pg_dump, psql), for dumps and restores on a server. Debian installs them on
 * the PATH through a wrapper and keeps every version under /usr/lib/postgresql/N/bin; PG_BIN_DIR names another
 * folder. pg_dump must be at least the server's version — it says so itself, and its message is passed on.
 */

export type PgTool = 'pg_dump' | 'psql';

const DEBIAN_VERSIONS = '/usr/lib/postgresql';

function candidates(tool: PgTool): string[] {
  const found: string[] = [];
  if (process.env.PG_BIN_DIR) found.push(path.join(process.env.PG_BIN_DIR, tool));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) found.push(path.join(dir, tool));
  if (fs.existsSync(DEBIAN_VERSIONS)) {
    const versions = fs
      .readdirSync(DEBIAN_VERSIONS)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) found.push(path.join(DEBIAN_VERSIONS, version, 'bin', tool));
  }
  return found;
}

/** The path of `tool` (the first of `places` that can be run), or a BackupError that says how to install it. */
export function findPgTool(tool: PgTool, places = candidates(tool)): string {
  for (const candidate of places) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // Not here: try the next place.
    }
  }
  throw new BackupError(
    `${tool} was not found (looked on the PATH, in ${DEBIAN_VERSIONS}/*/bin and in PG_BIN_DIR). Install PostgreSQL's ` +
      `client programs, at least the server's version — on Debian: apt-get install -y postgresql-client — or set ` +
      `PG_BIN_DIR to the folder that holds ${tool}.`,
  );
}

/**
 * The URL for a client program, and the environment that carries its password: a password on the command line
 * would be visible to every user of the machine (ps).
 */
export function clientConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  return { url: parsed.toString(), env };
}

export type ToolRun = { stdout: string; stderr: string };

/** Runs a client program to its end; a non-zero exit is a BackupError with what the program said. */
export function runPgTool(tool: PgTool, args: string[], options: { env: NodeJS.ProcessEnv; input?: string }): Promise<ToolRun> {
  const binary = findPgTool(tool);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(new BackupError(`${tool} could not be started (${binary}): ${error.message}`)));
    child.on('close', (code) => {
      const result = { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
      if (code === 0) resolve(result);
      else reject(new BackupError(`${tool} failed (exit ${code}):\n${result.stderr.trim() || '(it said nothing)'}`));
    });
    // A program that stops reading early (a failed connection) closes its input: that is reported by its exit.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
