import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * DATA_DIR/control.json: how command-line tools reach the server that holds the embedded database (PGlite lets one
 * process open the folder, so `npm run send` asks that server instead). Written by the server once it listens,
 * removed when it stops. Only this user can read it (0600, in a 0700 folder) — and whoever can read the data folder
 * can already do anything to the database, so the file grants nothing new. A file left by a killed server is
 * harmless: its port answers no more, or answers with another token (401).
 */

export const CONTROL_FILE = 'control.json';

const controlFileSchema = z.object({
  /** The server on this machine: http://127.0.0.1:PORT. */
  url: z.url({ protocol: /^http$/ }),
  /** 256 random bits, base64url; sent as `Authorization: Bearer …`. */
  token: z.string().regex(/^[\w-]{43}$/),
  /** The server's process, to tell a stale file from the lock holder's own. */
  pid: z.number().int().positive(),
});

export type ControlFile = z.infer<typeof controlFileSchema>;

export function controlFilePath(dataDir: string): string {
  return path.join(dataDir, CONTROL_FILE);
}

/** The folder's control file, or undefined when there is none or it is not one (half-written, edited by hand). */
export function readControlFile(dataDir: string): ControlFile | undefined {
  try {
    return controlFileSchema.parse(JSON.parse(fs.readFileSync(controlFilePath(dataDir), 'utf8')));
  } catch {
    return undefined;
  }
}

/** Writes the file whole (a temporary file renamed over it), readable by this user only. */
export function writeControlFile(dataDir: string, control: ControlFile): void {
  const file = controlFilePath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(control), { mode: 0o600 });
  fs.renameSync(temporary, file);
}
