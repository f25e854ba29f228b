import { defineConfig, devices } from '@playwright/test';
import { findChromium } from './scripts/chromium.mjs';
import { baseUrl, type ServerName } from './e2e/servers';

const executablePath = findChromium() as string | undefined;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const names: ServerName[] = onPostgres ? ['pglite', 'postgres'] : ['pglite'];

// On PostgreSQL, only the tests tagged @postgres: those whose behaviour depends on the database itself (processes
// and locks, jobs across a restart, a send's claims, a scheduled publish firing once, another process's writes).
// The rest drive the same pages over the same queries, which the unit suite runs on both databases; running every
// spec twice in the browser doubled the e2e time.
const POSTGRES_TAG = /@postgres/;
const NO_JS_TAG = /@no-js/;
const BOTH_TAGS = /^(?=.*@postgres)(?=.*@no-js)/;

// The e2e data folder is chosen once, here in the main process, and inherited by the server and the workers.
process.env.E2E_DATA_DIR ??= `${process.env.TMPDIR ?? '/tmp'}/briefings-e2e-${process.pid}`;

export default defineConfig({
  testDir: 'e2e',
  globalTeardown: './e2e/teardown.ts',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  // Generous: two workers, two servers and Chromium share a two-core machine in CI.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath,
      // A closed network: no background fetches to Google (each would be refused or time out).
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
    },
    trace: 'retain-on-failure',
  },
  projects: names.flatMap((name) => {
    const onPostgres = name === 'postgres';
    return [
      { name, use: { baseURL: baseUrl(name) }, metadata: { server: name }, grep: onPostgres ? POSTGRES_TAG : undefined },
      {
        name: `${name}-no-js`,
        use: { baseURL: baseUrl(name), javaScriptEnabled: false },
        metadata: { server: name, noJs: true },
        grep: onPostgres ? BOTH_TAGS : NO_JS_TAG,
      },
    ];
  }),
  webServer: names.map((name) => ({
    command: `npx tsx e2e/serve.ts ${name}`,
    url: `${baseUrl(name)}/robots.txt`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  })),
});
