import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { controlFilePath, readControlFile, writeControlFile } from './file';

/**
 * The server's end of the control channel (see file.ts): a fresh token per server start, kept in memory and in
 * DATA_DIR/control.json. Only a server on the embedded database opens it (lib/server/start.ts, once server.mjs
 * listens); without it every /api/control route answers 404. On globalThis, because instrumentation and the route
 * handlers are separate bundles with their own copies of this module.
 */

type Channel = { token: string; close: () => void };

const shared = globalThis as { [key: symbol]: Channel | undefined };
const KEY = Symbol.for('briefings.control-channel');

/** Opens the channel for the server listening on `port`, replacing any file a killed server left behind. */
export function openControlChannel(dataDir: string, port: number): void {
  shared[KEY]?.close();
  const token = randomBytes(32).toString('base64url');
  writeControlFile(dataDir, { url: `http://127.0.0.1:${port}`, token, pid: process.pid });
  const close = () => {
    process.removeListener('exit', close);
    if (shared[KEY]?.token === token) shared[KEY] = undefined;
    // Only our own file: a server started since on the same folder has written its own.
    if (readControlFile(dataDir)?.token === token) fs.rmSync(controlFilePath(dataDir), { force: true });
  };
  shared[KEY] = { token, close };
  // Any exit (an error at start, process.exit) takes the file with it; only a kill -9 leaves it, harmlessly.
  process.once('exit', close);
}

/** Removes the file and forgets the token: requests in flight after this are refused. */
export function closeControlChannel(): void {
  shared[KEY]?.close();
}

/** This server's token, or undefined when the channel is not open (PostgreSQL, or not started by server.mjs). */
export function controlToken(): string | undefined {
  return shared[KEY]?.token;
}
