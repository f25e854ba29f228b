import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { baseUrl, dataDirOf, E2E_DATABASE, E2E_METRICS_TOKEN, e2eDatabaseUrl, servers, type ServerName } from './servers';

/**
 * `tsx e2e/serve.ts pglite|postgres`: Playwright's web server command. Starts the built site on a fresh data
 * store; the build itself is made once beforehand (npm run test:e2e), never by two servers at once.
 */
async function main(name: ServerName) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(servers[name].port),
    SITE_URL: baseUrl(name),
    // Its own folder either way: the auth secret and the outgoing mail (read by the tests) live there.
    DATA_DIR: dataDirOf(name),
    // The tests stand in for a proxy on this machine: each page names its own client in X-Forwarded-For
    // (e2e/readers.ts asOwnClient), as nginx would, so that the per-network limits do not join every test into one.
    TRUST_PROXY: 'loopback',
    // The access log's line per request would bury the test output: warnings and errors only.
    LOG_LEVEL: 'warn',
    METRICS_TOKEN: E2E_METRICS_TOKEN,
  };
  delete env.SMTP_URL;
  delete env.MAIL_DIR;
  if (name === 'postgres') {
    const url = e2eDatabaseUrl();
    if (!url) throw new Error('TEST_DATABASE_URL is not set.');
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${E2E_DATABASE} with (force)`);
    await admin.query(`create database ${E2E_DATABASE}`);
    await admin.end();
    env.DATABASE_URL = url;
  } else {
    delete env.DATABASE_URL;
  }
  // Migrated, with its staff accounts, before the server opens it (PGlite: one process at a time).
  const prepared = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'e2e/prepare.ts'], { stdio: 'inherit', env });
  if (prepared.status !== 0) throw new Error('Could not prepare the e2e database (e2e/prepare.ts).');
  const server = spawn(process.execPath, ['server.mjs'], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
}

main(process.argv[2] as ServerName).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
