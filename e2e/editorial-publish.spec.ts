import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { instantToLocalInput } from '@/lib/sending/zoned-time';
import { expectAccessible } from './axe';
import { draftArticles, PUBLISH_DRAFTS } from './publish-drafts';
import { staffPage } from './readers';

// Publishing from the publish page (/admin/issues/<date>/publish): an issue seen at once everywhere readers look,
// an article taken off the site and put back, and a scheduled publish that fires by itself. Each test publishes a
// draft issue of its own, made by e2e/prepare.ts (e2e/publish-drafts.ts).

function scripted(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

const articleAddress = (date: string, index: 0 | 1) => `/issues/${date}/${draftArticles(date)[index].slug}`;

async function openPublishPage(page: Page, date: string, words: string) {
  await page.goto(`/admin/issues/${date}/publish`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Publish the issue of ${words}`);
}

/** What readers find of an issue: its page, its articles, the archive, the feed and the sitemap. */
async function expectOnTheSite(request: APIRequestContext, date: string, words: string) {
  const issue = await request.get(`/issues/${date}`);
  expect(issue.status()).toBe(200);
  expect(await issue.text()).toContain(draftArticles(date)[1].title);
  expect((await request.get(articleAddress(date, 0))).status()).toBe(200);
  expect(await (await request.get('/issues')).text()).toContain(words);
  expect(await (await request.get('/feed.xml')).text()).toContain(draftArticles(date)[0].title);
  expect(await (await request.get('/sitemap.xml')).text()).toContain(`${articleAddress(date, 0)}</loc>`);
}

test('an issue published now is at once on the home page, the archive, its page, the feed and the sitemap', async ({
  browser,
  request,
}) => {
  const { date, words } = PUBLISH_DRAFTS.now;
  expect((await request.get(`/issues/${date}`)).status()).toBe(404);
  // Read (and so cached) before: publishing must expire them.
  await request.get('/');
  await request.get('/issues');
  await request.get('/feed.xml');
  await request.get('/sitemap.xml');

  const page = await staffPage(browser, 'editor');
  await openPublishPage(page, date, words);
  await expect(page.getByRole('heading', { name: 'Checklist' })).toBeVisible();
  await expect(page.getByText('Nothing to fix')).toBeVisible();
  await expect(page.getByText('A draft: readers cannot see it yet.')).toBeVisible();
  await expect(page.getByLabel(/^and send it to \d+ subscribers now$/)).not.toBeChecked();
  await expect(page.frameLocator('iframe.email-preview').getByRole('link', { name: draftArticles(date)[0].title })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published: it is on the site' })).toBeVisible();
  await expect(page.getByText(/^Published .* \(Europe\/London\)\./)).toBeVisible();
  await expectAccessible(page);

  // The home page (still the newest issue) now leads to it as the previous issue.
  expect(await (await request.get('/')).text()).toContain(`href="/issues/${date}"`);
  await expectOnTheSite(request, date, words);
});

test('an article is unpublished with a note (its address answers 410 and it leaves the feed and sitemap), then republished @no-js', async ({
  browser,
  request,
}) => {
  const { date, words } = scripted() ? PUBLISH_DRAFTS.unpublish : PUBLISH_DRAFTS.unpublishNoJs;
  const [first] = draftArticles(date);
  const page = await staffPage(browser, 'editor');
  await openPublishPage(page, date, words);
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published' })).toBeVisible();
  await expectOnTheSite(request, date, words);

  // Without a note it is refused, beside the field.
  const unpublish = page.getByRole('form', { name: `Unpublish “${first.title}”` });
  await unpublish.getByRole('button', { name: /^Unpublish/ }).click();
  await expect(unpublish.getByLabel('Note for readers')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Please write a short note for readers who follow a link to it.').first()).toBeVisible();
  await expectAccessible(page);

  await unpublish.getByLabel('Note for readers').fill('Withdrawn while we check a figure.');
  await unpublish.getByRole('button', { name: /^Unpublish/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The article is unpublished' })).toBeVisible();
  await expect(page.getByText('Readers see: “Withdrawn while we check a figure.”')).toBeVisible();

  const gone = await request.get(articleAddress(date, 0));
  expect(gone.status()).toBe(410);
  expect(await gone.text()).toContain('Withdrawn while we check a figure.');
  expect(await (await request.get(`/issues/${date}`)).text()).not.toContain(first.title);
  expect(await (await request.get('/feed.xml')).text()).not.toContain(first.title);
  expect(await (await request.get('/sitemap.xml')).text()).not.toContain(`${articleAddress(date, 0)}</loc>`);

  await page.getByRole('button', { name: /^Republish/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The article is published again.' })).toBeVisible();
  await expectOnTheSite(request, date, words);
  await expectAccessible(page);
});

test('a publish scheduled a moment ahead fires by itself, once', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const { date, words } = PUBLISH_DRAFTS.schedule;
  const page = await staffPage(browser, 'editor');
  await openPublishPage(page, date, words);
  const legend = await page.locator('legend', { hasText: 'Publish at, in' }).innerText();
  const zone = /Publish at, in (\S+) \(GMT/.exec(legend)![1]!;
  expect(zone).toBe('Europe/London');

  // The form takes minutes: the next whole minute that leaves time to press the button.
  const at = new Date(Math.ceil((Date.now() + 45_000) / 60_000) * 60_000);
  const local = instantToLocalInput(at, zone);
  await page.getByLabel('Day').fill(local.slice(0, 10));
  await page.getByLabel('Time').fill(local.slice(11));
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Scheduled: it will be published at the time shown.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Scheduled' })).toBeVisible();
  expect((await request.get(`/issues/${date}`)).status()).toBe(404);
  await expect(page.getByText(/^It will be published at .*\(Europe\/London\)\.$/)).toBeVisible();
  await expectAccessible(page);

  await expect(async () => expect((await request.get(`/issues/${date}`)).status()).toBe(200)).toPass({
    timeout: 150_000,
    intervals: [1000],
  });
  await expectOnTheSite(request, date, words);
  await page.reload();
  await expect(page.getByText(/^Published .* \(Europe\/London\)\./)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish now' })).toHaveCount(0);
  // Once: one entry in the sitemap for each of its articles.
  const sitemap = await (await request.get('/sitemap.xml')).text();
  expect(sitemap.split(`${articleAddress(date, 0)}</loc>`).length).toBe(2);
});
