import { defineConfig, devices } from '@playwright/test';
import { findChromium } from './scripts/chromium.mjs';

// `npm run test:cluster`: nginx in front of two instances of one build on one PostgreSQL database (cluster/setup.ts
// starts them). One worker, in order: the last test kills instance A.
const executablePath = findChromium() as string | undefined;
process.env.CLUSTER_STATE ??= `${process.env.TMPDIR ?? '/tmp'}/briefings-cluster-${process.pid}.json`;

export default defineConfig({
  testDir: 'cluster',
  globalSetup: './cluster/setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    ...devices['Desktop Chrome'],
    javaScriptEnabled: false,
    launchOptions: {
      executablePath,
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
    },
    trace: 'retain-on-failure',
  },
});
