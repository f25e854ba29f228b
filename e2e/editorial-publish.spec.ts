import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { instantToLocalInput } from '@/lib/sending/zoned-time';
import { expectAccessible } from './axe';
import { draftArticles, PUBLISH_DRAFTS } from './publish-drafts';
import { tabTo } from './keyboard';
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
  test.setTimeout(240_000); // axe on pages with the email's frame, on a loaded machine
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
  test.setTimeout(240_000);
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

test('a publish scheduled a moment ahead fires by itself, once @postgres', async ({ browser, request }) => {
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

/** Replaces a field's text as a keyboard user does: Tab to it, select all, type. */
async function retype(page: Page, label: string, text: string) {
  const field = page.getByLabel(label, { exact: true });
  await tabTo(page, field, 60);
  // A date control takes its value by parts, in the browser's order: set it whole once it has focus.
  if ((await field.getAttribute('type')) === 'date') return field.fill(text);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

/** Follows a link or presses a button by keyboard: Tab to it, then Enter. */
async function activate(page: Page, target: Locator) {
  await tabTo(page, target, 80);
  await page.keyboard.press('Enter');
}

test('an editor writes a new issue with two articles, previews it, publishes it and sees it on the site, archive, feed and sitemap, by keyboard alone @no-js', async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000); // two articles written, every page checked by axe, on a loaded machine
  const js = scripted();
  // Before the issue of e2e/fixtures (2010-08-18): the home page stays as the other specs expect it.
  const { date, words } = js ? { date: '2010-06-02', words: '2 June 2010' } : { date: '2010-06-09', words: '9 June 2010' };
  const stories = [
    { slug: `water-${date}`, title: `Who pays for the water, ${words}`, standfirst: 'The reservoirs are low and the bills are high.' },
    { slug: `power-${date}`, title: `Power to the parish, ${words}`, standfirst: 'A village that makes its own electricity.' },
  ];
  const body = Array.from({ length: 10 }, () => 'The council met on Tuesday and talked about little else for three hours.').join(' ');
  const page = await staffPage(browser, 'editor');

  // A new issue, from the issues list.
  await page.goto('/admin/issues');
  const newIssue = page.getByRole('form', { name: 'New issue' });
  await retype(page, 'Date', date);
  await retype(page, 'Summary (optional)', 'Water and power, and who pays.');
  await activate(page, newIssue.getByRole('button', { name: 'Create the issue' }));
  const editor = `/admin/issues/${date}`;
  await expect(page).toHaveURL(new RegExp(`${editor}\\?done=issue-created`));

  // Two articles, each written in the article editor.
  const ids: string[] = [];
  for (const story of stories) {
    await activate(page, page.getByRole('button', { name: 'Add an article' }));
    await expect(page).toHaveURL(/\/admin\/articles\/\d+(#\w+)?$/);
    ids.push(new URL(page.url()).pathname.split('/').pop()!);
    await retype(page, 'Title', story.title);
    await retype(page, 'Address (slug)', story.slug);
    await retype(page, 'Standfirst', story.standfirst);
    const author = page.getByLabel('Author', { exact: true });
    await tabTo(page, author, 60);
    await author.selectOption({ label: 'Penny Publisher' });
    await retype(page, 'Body', `${body}\n\nMore on [the other story](/issues/${date}/${stories[1]!.slug}).`);
    await retype(page, 'Closing invitation', 'What do you pay? We would like to hear from you.');
    await activate(page, page.getByRole('button', { name: 'Save', exact: true }));
    await expect(page.getByRole('status').filter({ hasText: 'Saved: a new revision is kept.' })).toBeVisible();
    await expectAccessible(page);
    // Previewed as readers will see it.
    await activate(page, page.getByRole('link', { name: 'Preview as readers will see it' }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(story.title);
    await page.goto(editor);
  }

  // The issue editor leads to its publish page: nothing blocks, and publishing puts it everywhere at once.
  await activate(page, page.getByRole('link', { name: 'Publish or schedule' }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Publish the issue of ${words}`);
  await expect(page.getByRole('heading', { name: /^To fix before publishing/ })).toHaveCount(0);
  await expectAccessible(page);
  await activate(page, page.getByRole('button', { name: 'Publish now' }));
  await expect(page.getByRole('status').filter({ hasText: 'Published: it is on the site' })).toBeVisible();
  await expectAccessible(page);

  await activate(page, page.getByRole('link', { name: 'See it on the site' }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(words);
  for (const story of stories) await expect(page.getByRole('link', { name: story.title })).toBeVisible();
  expect((await request.get(`/issues/${date}/${stories[0]!.slug}`)).status()).toBe(200);
  expect(await (await request.get('/issues')).text()).toContain(words);
  const feed = await (await request.get('/feed.xml')).text();
  const sitemap = await (await request.get('/sitemap.xml')).text();
  for (const story of stories) {
    expect(feed).toContain(story.title);
    expect(sitemap).toContain(`/issues/${date}/${story.slug}</loc>`);
  }
});
