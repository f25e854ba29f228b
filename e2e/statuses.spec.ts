import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { newReader, staffPage } from './readers';

// Pages rendered per request answer with honest statuses — 404 for a response that is not there, 403 for a staff
// page without the role — and still explain themselves, with JavaScript on and (tagged @no-js) off. (The cached
// reading pages' 404s are in reading.spec.ts.)

const ARTICLE = '/issues/2010-09-15/we-should-value-local-diversity';
const NOT_FOUND = 'We can’t find that page';
const FORBIDDEN = 'You cannot see this page';

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: test.info().project.use.javaScriptEnabled !== false });
  return context.newPage();
}

async function expectAnswer(page: Page, path: string, status: number, heading?: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  if (heading) await expect(page.getByRole('heading', { level: 1 }), path).toHaveText(heading);
}

test('a response that is not there: its pages answer 404, and say so @no-js', async ({ page }) => {
  for (const path of [
    '/responses/999999',
    '/responses/999999/reply',
    '/responses/999999/report',
    '/responses/2147483648/reply',
    '/responses/nine',
  ]) {
    await expectAnswer(page, path, 404, NOT_FOUND);
    await expect(page.getByRole('link', { name: 'Browse every issue in the archive' })).toBeVisible();
  }
  await expectAccessible(page);
});

test('sign-in pages read a repeated or odd parameter as text, never a 500 @no-js', async ({ page }) => {
  for (const path of [
    '/signin?error=constructor&error=x',
    '/signin/confirm?email=a%40example.org&email=b%40example.org&token=0123456789abcdef0123',
  ]) {
    expect((await page.goto(path))?.status(), path).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }), path).toBeVisible();
  }
});

test('a deleted response cannot be replied to (404), while its author still sees where it stands (200) @no-js', async ({ page }) => {
  await newReader(page, 'Della Deleted');
  await page.goto(ARTICLE);
  await page.getByLabel('Your response', { exact: true }).fill(`Soon to go (${Date.now().toString(36)}).`);
  await page.getByRole('button', { name: 'Post response' }).click();
  await expect(page).toHaveURL(/#response-\d+$/);
  const id = page.url().split('#response-')[1]!;
  await expectAnswer(page, `/responses/${id}/reply`, 200, 'Reply to Della Deleted');
  await expectAnswer(page, `/responses/${id}/report`, 200);

  await expectAnswer(page, `/responses/${id}`, 200, 'Your response');
  await expectAnswer(page, `/responses/${id}/delete`, 200, 'Delete your response?');
  await page.getByRole('button', { name: 'Delete it' }).click();
  await expect(page).toHaveURL(/#responses$/);

  await expectAnswer(page, `/responses/${id}/reply`, 404, NOT_FOUND);
  await expectAccessible(page);
  await expectAnswer(page, `/responses/${id}`, 200, 'Your response');
  await expect(page.getByText('This response has been removed.')).toBeVisible();
});

test('staff pages answer 403 to a signed-in reader, and say why @no-js', async ({ browser }) => {
  const reader = await newPage(browser);
  await newReader(reader, 'Nora Nosy');
  for (const path of ['/moderation', '/moderation/log?article=1', '/admin/settings', '/admin/people']) {
    await expectAnswer(reader, path, 403, FORBIDDEN);
  }
  await expect(reader.getByRole('link', { name: 'Your account' }).last()).toBeVisible();
  await expectAccessible(reader);
});

test('a moderator gets 403 from the admin pages and 200 from the moderation pages; signed out, sign in first @no-js', async ({
  browser,
}) => {
  const moderator = await staffPage(browser, 'moderator');
  await expectAnswer(moderator, '/admin/people', 403, FORBIDDEN);
  await expectAnswer(moderator, '/admin/settings', 403, FORBIDDEN);
  await expectAnswer(moderator, '/moderation/log', 200, 'Moderation log');
  await expectAnswer(moderator, '/moderation', 200, 'Moderation');

  const stranger = await newPage(browser);
  await stranger.goto('/admin/people');
  await expect(stranger).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Fpeople$/);
});

test('an editor does not moderate: the queue answers 403, and nothing links them to it @no-js', async ({ browser }) => {
  const editor = await staffPage(browser, 'editor');
  await expectAnswer(editor, '/moderation', 403, FORBIDDEN);
  await expect(editor.getByRole('navigation', { name: 'Staff' })).toHaveCount(0);
  await expect(editor.getByRole('link', { name: /queue/i })).toHaveCount(0);

  await expectAnswer(editor, '/account', 200, 'Your account');
  await expect(editor.getByText('(editor)')).toBeVisible();
  await expect(editor.getByRole('link', { name: /queue/i })).toHaveCount(0);
});

test('/api/responses/mine answers an article id it cannot hold with an empty list, not an error', async ({ browser }) => {
  const admin = await staffPage(browser, 'admin');
  for (const article of ['2147483648', '99999999999999999999', '1e3', '-1', '']) {
    const response = await admin.request.get(`/api/responses/mine?article=${article}`);
    expect(response.status(), article).toBe(200);
    expect(await response.json()).toEqual({ own: [] });
  }
});
