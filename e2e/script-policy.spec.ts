import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type Response } from '@playwright/test';
import { EDITORIAL_ARTICLES_FILE, editorialSlug } from './editorial-seed';
import { reachFor } from './intent';
import { establishedReaderPage, staffPage } from './readers';
import { dataDirOf, type ServerName } from './servers';

// The script policy (lib/http/script-hashes.mjs): every page's script-src allows this origin and the hashes of
// that page's own inline scripts, never 'unsafe-inline'. With JavaScript, each page runs without one violation
// or script error and shows it is running (a client-side navigation, the editor's live preview); without it
// (@no-js), the same pages still work as plain HTML, with no form left pointing at a javascript: address.

const ISSUE = '/issues/2010-09-15';
const ARTICLE = `${ISSUE}/we-should-value-local-diversity`;
const READING = ['/', '/issues', ISSUE, ARTICLE, '/authors/stian-westlake', '/search?q=localism', '/signin'];

function scripted(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** Collects, for the life of the page, each policy violation and script error it reports. */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`policy violation: ${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
    );
  });
  return problems;
}

/** Checks a page's answer: HTML whose script-src has no 'unsafe-inline' and names each inline script by hash. */
async function expectHashedPolicy(page: Page, response: Response | null) {
  expect(response?.ok(), `${response?.url()} answers`).toBe(true);
  const policy = response!.headers()['content-security-policy'] ?? '';
  const scriptSrc = policy.split(';').find((directive) => directive.trim().startsWith('script-src')) ?? '';
  expect(scriptSrc.trim()).toMatch(/^script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+$/);
  expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  // React's stand-in for a form whose action is a client function is a javascript: address, which a browser without
  // JavaScript would follow (and this policy refuse): as served, every form must post to a real address. With
  // JavaScript, forms that only hydrated components render may hold it: React submits those itself.
  if (test.info().project.metadata.noJs)
    await expect(page.locator('form[action^="javascript:" i], [formaction^="javascript:" i]')).toHaveCount(0);
}

/**
 * Proves the page's JavaScript runs once the reader reaches for the page: following a site link swaps the page in
 * place instead of loading anew.
 */
async function expectRunning(page: Page) {
  await page.waitForLoadState('load');
  await reachFor(page);
  await page.evaluate(() => Object.assign(window, { stillHere: true }));
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Archive' }).click();
  await expect(page).toHaveURL(/\/issues$/);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
}

test('the reading pages and sign-in carry hashes, no unsafe-inline, and run without a violation @no-js', async ({ page }) => {
  test.slow(); // seven pages, some rendered for the first time, on a machine shared with the other project
  const problems = await watch(page);
  for (const address of READING) {
    await expectHashedPolicy(page, await page.goto(address));
    if (scripted()) await expectRunning(page);
  }
  expect(problems).toEqual([]);
});

test('a reader’s account and an article with the response form run under the policy @no-js', async ({ browser }) => {
  const page = await establishedReaderPage(browser, 'ellis');
  const problems = await watch(page);
  await expectHashedPolicy(page, await page.goto('/account'));
  await expect(page.getByLabel('Your name', { exact: true })).toBeVisible();
  await expectHashedPolicy(page, await page.goto(ARTICLE));
  await expect(page.getByRole('region', { name: 'Respond' }).getByRole('textbox').first()).toBeVisible();
  if (scripted()) await expectRunning(page);
  expect(problems).toEqual([]);
  await page.context().close();
});

test('a staff page (the article editor) runs its live preview under the policy @no-js', async ({ browser }) => {
  const folder = dataDirOf(test.info().project.metadata.server as ServerName);
  const ids = JSON.parse(fs.readFileSync(path.join(folder, EDITORIAL_ARTICLES_FILE), 'utf8')) as Record<string, number>;
  // Only looked at, never saved: the project's own "save" article, whose spec edits it through the form.
  const page = await staffPage(browser, 'editor');
  const problems = await watch(page);
  await expectHashedPolicy(page, await page.goto(`/admin/articles/${ids[editorialSlug('save', scripted())]}`));
  // A staff page's scripts start with the page, not at the first intent as a reading page's do.
  await expect(page.locator('script[src]').first()).toBeAttached();
  const preview = page.locator('#preview');
  if (scripted()) {
    await expect(preview.getByRole('heading', { level: 2 })).toHaveText('Preview');
    // What is typed would be autosaved for this editor after a few seconds, which the editor's own spec must
    // not find: no post from this page reaches the server.
    await page.route('**/admin/articles/**', (route) => (route.request().method() === 'POST' ? route.abort() : route.fallback()));
    await page.getByLabel('Title', { exact: true }).fill('A title typed under the script policy');
    await expect(preview.locator('.article-preview__title')).toHaveText('A title typed under the script policy');
  } else {
    await expect(preview.getByRole('heading', { level: 2 })).toHaveText('Preview (as last posted)');
  }
  expect(problems).toEqual([]);
  await page.context().close();
});
