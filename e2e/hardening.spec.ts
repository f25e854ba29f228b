import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { reachFor } from './intent';
import { latestMailTo, linkIn } from './mail';
import { asOwnClient, newAddress } from './readers';
import { servers } from './servers';

// Doors beside the guarded path, tried as an attacker would: a page on another site posting into this one, a
// client writing its own X-Forwarded-For, and a server stopped in the middle of its work.

/** Serves one HTML page from another origin (another port is another origin), for the length of a test. */
async function foreignSite(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function askForLink(page: Page, email: string): Promise<string> {
  await page.goto('/signin');
  await page.getByLabel('Your email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page).toHaveURL(/\/signin\/check-email$/);
  return linkIn(await latestMailTo(email, /Sign in/), '/signin/confirm?');
}

test('a page on another site cannot sign a reader in as the attacker @no-js', async ({ page, browser, baseURL }) => {
  await asOwnClient(page);
  const attacker = newAddress('attacker');
  const link = new URL(await askForLink(page, attacker));
  const callback = `${baseURL}/api/auth/callback/nodemailer${link.search}`;
  const evil = await foreignSite(
    `<!doctype html><html lang="en"><title>Win</title><form method="post" action="${callback.replace(/&/g, '&amp;')}"><button>Claim your prize</button></form></html>`,
  );
  try {
    const victim = await browser.newContext({ javaScriptEnabled: test.info().project.use.javaScriptEnabled !== false });
    const victimPage = await victim.newPage();
    await victimPage.goto(evil.url);
    const [response] = await Promise.all([
      victimPage.waitForResponse((candidate) => candidate.url().startsWith(callback.split('?')[0]!)),
      victimPage.getByRole('button', { name: 'Claim your prize' }).click(),
    ]);
    expect(response.status()).toBe(403);
    await expect(victimPage.locator('body')).toContainText('sent from another website');
    // The victim is not signed in as anyone, and the attacker's link was not used up.
    await victimPage.goto(`${baseURL}/account`);
    await expect(victimPage).toHaveURL(/\/signin\?callbackUrl=/);
    await victimPage.goto(link.toString().replace(link.origin, baseURL!));
    await expect(victimPage.getByRole('heading', { level: 1 })).toHaveText('Finish signing in');
    await victim.close();
  } finally {
    await evil.close();
  }
});

test('a write to a static file answers 405, not a 500 (Next alone renders a missing /405 page)', async ({ request }) => {
  for (const method of ['POST', 'PUT', 'DELETE'] as const) {
    const response = await request.fetch('/icon.svg', { method, data: 'x' });
    expect(response.status(), method).toBe(405);
    expect(response.headers()['allow']).toBe('GET, HEAD');
  }
  expect((await request.get('/icon.svg')).status()).toBe(200);
});

test('a server action posted from another origin answers 403 with a short message', async ({ request }) => {
  const foreign: Record<string, string>[] = [{ origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }];
  for (const headers of foreign) {
    const response = await request.post('/signin', {
      headers: { ...headers, 'next-action': '0'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' },
      data: '[]',
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toBe(
      'This form was sent from another website, so it was refused. Open this site yourself and try again.',
    );
  }
});

test.describe('a server of its own', () => {
  // It starts its own PGlite server, one at a time on one folder: once, in the pglite project, is enough.
  test.describe.configure({ mode: 'serial' });
  test.beforeEach(({}, testInfo) => test.skip(testInfo.project.name !== 'pglite'));

  const port = servers.pglite.port + 50;
  const base = `http://localhost:${port}`;
  let dataDir: string;

  function start(): { process: ChildProcess; output: () => string } {
    let output = '';
    const child = spawn(process.execPath, ['server.mjs'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        SITE_URL: base,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        TRUST_PROXY: '',
      },
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    return { process: child, output: () => output };
  }

  async function ready(server: { output: () => string }) {
    const status = () =>
      fetch(`${base}/robots.txt`).then(
        (response) => response.status,
        () => 0,
      );
    await expect(async () => expect(await status(), server.output()).toBe(200)).toPass({ timeout: 60_000 });
  }

  /** The next id the authors table would give, read by a process of its own once the server is gone. */
  function nextAuthorId(): number {
    const script = `
      import { sql } from 'drizzle-orm';
      import { connect } from './db/client.ts';
      const connection = await connect({ dataDir: process.env.DATA_DIR });
      const rows = await connection.db.execute(sql\`select max(id) as max from authors\`);
      const inserted = await connection.db.execute(sql\`insert into authors (slug, name) values ('probe-' || floor(random() * 1e9)::int, 'Probe') returning id\`);
      console.log(JSON.stringify({ max: rows.rows[0].max, next: inserted.rows[0].id }));
      await connection.close();`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    expect(result.stderr).toBe('');
    const { max, next } = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { max: number; next: number };
    return next - max;
  }

  test.beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-own-server-'));
  });
  test.afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('without TRUST_PROXY, a client-written X-Forwarded-For changes nothing: the socket is the client', async ({ page }) => {
    const server = start();
    try {
      await ready(server);
      const email = newAddress('forger');
      for (let i = 0; i < 6; i += 1) {
        await page.setExtraHTTPHeaders({ 'x-forwarded-for': `198.51.100.${i + 1}` });
        await page.goto(`${base}/signin`);
        await page.getByLabel('Your email address').fill(email);
        await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
        if (i < 5) await expect(page).toHaveURL(/\/signin\/check-email$/);
      }
      await expect(page.getByRole('alert').first()).toContainText('Several sign-in links have already been sent to this address');
    } finally {
      server.process.kill('SIGTERM');
      await new Promise((resolve) => server.process.once('exit', resolve));
    }
  });

  test('SIGTERM finishes the requests in flight, closes the database, and the next start needs no recovery', async () => {
    const first = start();
    const exited = new Promise<number | null>((resolve) => first.process.once('exit', (exitCode) => resolve(exitCode)));
    await ready(first);
    // A request under way when the signal comes (its body half sent) is still answered in full.
    const inFlight = http.request(`${base}/search`, { method: 'POST', headers: { 'content-type': 'text/plain', 'content-length': '10' } });
    const answered = new Promise<number>((resolve, reject) => {
      inFlight.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      inFlight.on('error', reject);
    });
    inFlight.write('12345');
    await new Promise((resolve) => setTimeout(resolve, 500));
    first.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    inFlight.end('67890');
    expect(await answered).toBeLessThan(500);
    expect(await exited).toBe(0);
    expect(first.output()).toContain('Briefings: stopped.');

    // A sequence used before a clean stop goes on where it was; after a crash PostgreSQL's recovery jumps it by 32.
    expect(nextAuthorId()).toBe(1);

    const second = start();
    const secondExited = new Promise((resolve) => second.process.once('exit', resolve));
    await ready(second);
    second.process.kill('SIGINT');
    await secondExited;
    expect(second.output()).toContain('Briefings: stopped.');
    expect(nextAuthorId()).toBe(1);
  });
});

test('a response far over every limit is refused with words, never a 500 @no-js', async ({ page }) => {
  const article = '/issues/2010-09-15/we-should-value-local-diversity';
  await page.goto(article);
  const jsOff = test.info().project.use.javaScriptEnabled === false;
  // With JavaScript, the form's own check answers: it runs once the reader has reached for the page.
  if (!jsOff) await reachFor(page);
  const box = page.getByLabel('Your response', { exact: true });
  // Three megabytes: past the 2 MB a form may carry, so Next itself would refuse the body before any action ran.
  await box.evaluate((element: HTMLTextAreaElement) => (element.value = 'x'.repeat(3 * 1024 * 1024)));
  if (jsOff) {
    const [response] = await Promise.all([
      page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
      page.getByRole('button', { name: 'Post response' }).click(),
    ]);
    expect(response.status()).toBe(413);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('What you sent is too long');
    await expect(page.getByRole('main')).toContainText('Nothing was saved');
  } else {
    await page.getByRole('button', { name: 'Post response' }).click();
    await expect(page.getByText('Your response is 3,145,728 characters long; the limit is 5,000.')).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${article}$`));
  }
});
