import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_METRICS_TOKEN, servers } from './servers';

// What a load balancer, a log collector and Prometheus ask of a running server (lib/ops/front.mjs): /healthz and
// /readyz, never cached; /metrics only with METRICS_TOKEN (e2e/serve.ts sets one); an X-Request-Id on every
// response, a trusted proxy's own kept (e2e/serve.ts trusts loopback, as it would an nginx on this machine); and no
// HSTS on a plain-http site.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('/healthz says ok and /readyz says ready, neither to be cached @postgres', async ({ request }) => {
  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  expect(await health.text()).toBe('ok\n');
  expect(health.headers()['cache-control']).toBe('no-store');

  const ready = await request.get('/readyz');
  expect(ready.status(), await ready.text()).toBe(200);
  expect(await ready.json()).toEqual({ ready: true });
  expect(ready.headers()['cache-control']).toBe('no-store');
});

test('/metrics answers only the token, in Prometheus text format', async ({ request }) => {
  expect((await request.get('/metrics')).status()).toBe(401);
  expect((await request.get('/metrics', { headers: { Authorization: 'Bearer not-the-token' } })).status()).toBe(401);

  await request.get('/issues/2010-09-15/we-should-value-local-diversity');
  const scraped = await request.get('/metrics', { headers: { Authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(scraped.status()).toBe(200);
  expect(scraped.headers()['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(scraped.headers()['cache-control']).toBe('no-store');
  const text = await scraped.text();
  expect(text).toMatch(/^briefings_http_requests_total\{kind="page",status_class="2xx"\} \d+$/m);
  expect(text).toMatch(/^briefings_cache_lookups_total\{result="(hit|miss)"\} \d+$/m);
  // Read from the database at each scrape: every queue is there, even empty.
  expect(text).toMatch(/^briefings_job_queue_depth\{queue="cleanup"\} \d+$/m);
  expect(text).toContain('# TYPE briefings_send_deliveries gauge');
});

test('every response has a request id: a new one, or the trusted proxy’s', async ({ request }) => {
  const page = await request.get('/issues/2010-09-15/we-should-value-local-diversity');
  expect(page.headers()['x-request-id']).toMatch(UUID);
  const missing = await request.get('/no-such-page');
  expect(missing.status()).toBe(404);
  expect(missing.headers()['x-request-id']).toMatch(UUID);
  expect(missing.headers()['x-request-id']).not.toBe(page.headers()['x-request-id']);

  const fromProxy = await request.get('/healthz', { headers: { 'X-Request-Id': 'proxy-7f3e.2' } });
  expect(fromProxy.headers()['x-request-id']).toBe('proxy-7f3e.2');
  const invalid = await request.get('/healthz', { headers: { 'X-Request-Id': 'not valid; at all' } });
  expect(invalid.headers()['x-request-id']).toMatch(UUID);
});

test('a plain-http site sends no Strict-Transport-Security', async ({ request }) => {
  for (const path of ['/', '/healthz', '/feed.xml']) {
    const response = await request.get(path);
    expect(response.headers()['strict-transport-security'], path).toBeUndefined();
  }
});

test('a second server on a port already in use says so in one line and exits 1', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'pglite', 'once is enough: the test server on PGlite holds the port');
  const port = servers.pglite.port;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-taken-port-'));
  try {
    const child = spawn(process.execPath, ['server.mjs'], {
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(1);
    expect(output).toContain(`Briefings could not start: port ${port} is already in use.`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
