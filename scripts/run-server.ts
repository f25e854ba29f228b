import { spawn } from 'node:child_process';

/**
 * Serves the build in .next with server.mjs on `port`, in this process's place: signals are passed on, and its
 * exit code becomes ours. Shared by `npm start` and `npm run serve`.
 */
export function runServer(port: number): void {
  const server = spawn(process.execPath, ['server.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
