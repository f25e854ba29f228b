import { spawn } from 'node:child_process';
import { config } from '@/lib/config';
import { buildIfNeeded } from './build-if-needed';

/**
 * `npm start`: check the configuration, build if the sources changed, then serve with server.mjs on PORT.
 * The server itself migrates, seeds an empty database from content/ and takes the data folder's lock
 * (instrumentation.ts), so a second server on the same folder stops with the name of the first.
 */

function main() {
  const { PORT } = config();
  buildIfNeeded();
  const server = spawn(process.execPath, ['server.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: String(PORT), NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
