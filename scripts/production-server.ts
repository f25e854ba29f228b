import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * The production server (server.mjs) on a free port over a data folder, for the scripts that measure it
 * (`npm run bench`, `npm run lighthouse`). The caller builds first (scripts/build-if-needed.ts) and must have
 * closed its own database connection: the server takes the data folder's lock.
 */

export type Server = { base: string; stop: () => Promise<void> };

/** Answered from public/ without rendering a page, so waiting for the server fills no cache. */
const READY_PATH = '/icon.svg';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (server.exitCode !== null) throw new Error(`The server exited (code ${server.exitCode}) before answering.`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not answer ${url} within a minute.`);
}

/** `env` is added to this process's environment; `nodeArgs` go to the server's node (a CPU profile, say). */
export async function startServer(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const server = spawn(process.execPath, [...nodeArgs, 'server.mjs'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATA_DIR: dataDir,
      SITE_URL: base,
      PORT: String(port),
      ...env,
    },
  });
  const stop = async () => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  };
  try {
    await waitForServer(`${base}${READY_PATH}`, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, stop };
}
