import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { establishedReaderPage, newReader, staffPage } from './readers';
import { STAFF } from './staff';

// Staff run the discussion: a premoderated article approved by keyboard alone, a rejection its author sees and
// appeals, established readers' reports hiding a response, a ban stopping a reader, every staff page accessible —
// with JavaScript on and (tagged @no-js) off. The articles are e2e/fixtures', so the other tests' article is never premoderated.

const PREMODERATED = { path: '/issues/2010-08-18/premoderated-talk-about-parks', title: 'Premoderated talk about parks' };
const OPEN = { path: '/issues/2010-08-18/an-open-table-on-allotments', title: 'An open table on allotments' };

function unique(text: string): string {
  return `${text} (${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)})`;
}

function scripted(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: scripted() });
  return context.newPage();
}

/** Posts on an article; returns the response's id (from the address the post lands on). */
async function post(page: Page, articlePath: string, text: string): Promise<number> {
  await page.goto(articlePath);
  await page.getByLabel('Your response', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Post response' }).click();
  await expect(page).toHaveURL(/(#response-|\/responses\/)\d+/);
  return Number(/(?:#response-|\/responses\/)(\d+)/.exec(page.url())![1]);
}

/** The queue, showing one article's responses in a tab. */
async function openQueue(page: Page, articleTitle: string, tab: 'Pending' | 'Reported' | 'Rejected' | 'Appeals' | 'All') {
  await page.goto('/moderation');
  await page.getByLabel('Article').selectOption({ label: `2010-08-18: ${articleTitle}` });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/article=\d+/);
  await page
    .getByRole('navigation', { name: 'Queue' })
    .getByRole('link', { name: new RegExp(`^${tab}`) })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${tab}`) })).toBeVisible();
}

function item(page: Page, id: number) {
  return page.locator(`#item-${id}`);
}

test('a premoderated article: a reader posts, a moderator approves by keyboard alone, the response appears', async ({ browser }) => {
  const page = await staffPage(browser, 'moderator');
  await page.goto('/moderation');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moderation');
  await page.getByLabel('Article').selectOption({ label: `2010-08-18: ${PREMODERATED.title}` });
  await page.getByRole('button', { name: 'Show' }).click();
  const modes = page.getByRole('group', { name: `Responses to “${PREMODERATED.title}”` });
  if (!(await modes.getByLabel('Premoderated').isChecked())) {
    await modes.getByLabel('Premoderated').check();
    await modes.getByRole('button', { name: 'Change' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'responses setting is changed' })).toBeVisible();
  }

  const reader = await newPage(browser);
  await newReader(reader, 'Parker Park');
  const text = unique('The park by the river needs benches.');
  const id = await post(reader, PREMODERATED.path, text);
  await expect(reader).toHaveURL(new RegExp(`/responses/${id}\\?posted=pending$`));
  await expect(reader.getByText('Responses to this article are read by a moderator before they appear.')).toBeVisible();
  await reader.goto(PREMODERATED.path);
  await expect(reader.getByText(text)).toHaveCount(0);
  await expect(reader.getByRole('region', { name: 'Respond' })).toContainText('read by a moderator before they appear');

  await page.reload();
  await expect(item(page, id)).toContainText(text);
  await expect(item(page, id)).toContainText('Held: The article is premoderated.');
  await expectAccessible(page);

  // Keyboard alone: the shortcut list, then j to the item, a to approve.
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  for (let presses = 0; presses < 25 && !(await item(page, id).evaluate((element) => element === document.activeElement)); presses++)
    await page.keyboard.press('j');
  await expect(item(page, id)).toBeFocused();
  await page.keyboard.press('a');
  await expect(page).toHaveURL(/done=approved/);
  await expect(page.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
  await expect(item(page, id)).toHaveCount(0);
  // The next item (or the list's heading, when none is left) has the focus.
  await expect(page.locator('[data-queue-item]:focus, #results:focus')).toHaveCount(1);

  await reader.goto(PREMODERATED.path);
  await expect(reader.locator(`#response-${id}`)).toContainText(text);

  // The log has it, filterable by action.
  await page.goto('/moderation/log?action=approve');
  await expect(page.getByRole('row').filter({ hasText: `Response ${id} by Parker Park` })).toContainText('Approved');
  await expectAccessible(page);
});

test('a rejection: the author sees the reason, appeals, and the appeal is decided in its queue @no-js', async ({ browser }) => {
  const author = await newPage(browser);
  await newReader(author, 'Rae Rejected');
  const text = unique('Allotments should be auctioned to the highest bidder.');
  const id = await post(author, OPEN.path, text);
  await expect(author.locator(`#response-${id}`)).toContainText(text);

  const page = await staffPage(browser, 'moderator');
  await openQueue(page, OPEN.title, 'All');
  const entry = item(page, id);
  await expect(entry).toContainText('Rae Rejected');
  await expect(entry).toContainText('1 published response, 0 rejected, 0 reported');
  await entry.getByText('Reject…').click();
  await entry.getByLabel('Reason (the author sees it)').selectOption('off-topic');
  await entry.getByLabel(/Note to the author/).fill('Please keep to how waiting lists could be shortened.');
  await entry.getByRole('button', { name: 'Reject' }).click();
  await expect(page).toHaveURL(/done=rejected/);
  await expect(page.getByRole('status').filter({ hasText: 'Rejected; the author can see the reason.' })).toBeVisible();
  // The log puts the reason and the change in words, not codes.
  await page.goto('/moderation/log?action=reject');
  const logged = page.getByRole('row').filter({ hasText: `Response ${id} by Rae Rejected` });
  await expect(logged).toContainText('Off-topic: Please keep to how waiting lists could be shortened.');
  await expect(logged).toContainText('Status: published → rejected');

  await author.goto(OPEN.path);
  await expect(author.getByText(text)).toHaveCount(0);
  await author.goto(`/responses/${id}`);
  const rejected = author.getByRole('region', { name: 'Not published' });
  await expect(rejected).toContainText('It is not about the article.');
  await expect(rejected).toContainText('Please keep to how waiting lists could be shortened.');
  await expectAccessible(author);
  await author.getByRole('button', { name: 'Send appeal' }).click();
  await expect(author.getByText('Please say why it should be published.').first()).toBeVisible();
  await author.getByLabel('Why should it be published?').fill('It is about allotments: auctions would shorten the lists.');
  await author.getByRole('button', { name: 'Send appeal' }).click();
  await expect(author).toHaveURL(new RegExp(`/responses/${id}\\?appealed=1$`));
  await expect(author.getByText(/You appealed on .*; a moderator will look at it again\./)).toBeVisible();
  await expect(author.getByRole('button', { name: 'Send appeal' })).toHaveCount(0);

  await openQueue(page, OPEN.title, 'Appeals');
  await expect(item(page, id)).toContainText('auctions would shorten the lists');
  await expectAccessible(page);
  await item(page, id).getByRole('button', { name: 'Publish it (overturn)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Overturned: the response is published.' })).toBeVisible();

  await author.goto(OPEN.path);
  await expect(author.locator(`#response-${id}`)).toContainText(text);
});

test('enough reports from established readers hide a response until a moderator looks; a new account’s report reaches the queue but does not count; a reader reports once, never their own @no-js', async ({
  page,
  browser,
}) => {
  // Five readers sign in and report, then a moderator: the longest flow here, over 90 s on a loaded machine.
  test.slow();
  await newReader(page, 'Tess Target');
  const text = unique('Allotments are a waste of good building land.');
  const id = await post(page, OPEN.path, text);

  // Its author cannot report it.
  await page.goto(`/responses/${id}/report`);
  await expect(page.getByText('This is your own response: you cannot report it')).toBeVisible();

  // A reader who signed up just now may report, once.
  const newcomer = await newPage(browser);
  await newReader(newcomer, 'Reporter New');
  await newcomer.goto(OPEN.path);
  await newcomer
    .locator(`#response-${id}`)
    .getByRole('link', { name: /^Report/ })
    .click();
  await expect(newcomer.getByRole('heading', { level: 1 })).toHaveText('Report the response by Tess Target');
  await expectAccessible(newcomer);
  await newcomer.getByLabel('Spam or advertising').check();
  await newcomer.getByRole('button', { name: 'Send report' }).click();
  await expect(newcomer.getByRole('heading', { level: 1 })).toHaveText('Thank you');
  await newcomer.goto(`/responses/${id}/report`);
  await newcomer.getByLabel('Off-topic').check();
  await newcomer.getByRole('button', { name: 'Send report' }).click();
  await expect(newcomer.getByText('You have already reported this response')).toBeVisible();
  await newcomer.context().close();

  const established = [
    ['ellis', 'Abusive or hateful'],
    ['robin', 'Abusive or hateful'],
    ['sam', 'Off-topic'],
  ] as const;
  for (const [index, [who, reason]] of established.entries()) {
    const reporter = await establishedReaderPage(browser, who);
    await reporter.goto(`/responses/${id}/report`);
    await reporter.getByLabel(reason).check();
    await reporter.getByRole('button', { name: 'Send report' }).click();
    await expect(reporter.getByRole('heading', { level: 1 })).toHaveText('Thank you');
    if (index === 1) {
      // Three reports so far, but the newcomer's does not count: still there.
      await reporter.goto(OPEN.path);
      await expect(reporter.locator(`#response-${id}`)).toContainText(text);
    }
    await reporter.context().close();
  }

  // The third established reader's report hid it; its author is told why.
  await page.goto(OPEN.path);
  await expect(page.getByText(text)).toHaveCount(0);
  await page.goto(`/responses/${id}`);
  await expect(page.getByText('Readers reported it, so it is hidden while a moderator looks at it.')).toBeVisible();

  const moderator = await staffPage(browser, 'moderator');
  await openQueue(moderator, OPEN.title, 'Reported');
  await expect(item(moderator, id)).toContainText('Reported once as Spam or advertising (not counted — new account or nothing published)');
  await expect(item(moderator, id)).toContainText('Reported 2 times as Abusive or hateful');
  await expect(item(moderator, id)).toContainText('Held: Reported by readers.');
  await item(moderator, id).getByRole('button', { name: 'Approve' }).click();
  await expect(moderator.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
  await page.goto(OPEN.path);
  await expect(page.locator(`#response-${id}`)).toContainText(text);
});

test('a banned reader is told why and cannot post, but still reads signed in @no-js', async ({ page, browser }) => {
  const email = await newReader(page, 'Bo Banned');
  const text = unique('Buy cheap allotment sheds at my shop.');
  const id = await post(page, OPEN.path, text);

  const moderator = await staffPage(browser, 'moderator');
  await openQueue(moderator, OPEN.title, 'All');
  const entry = item(moderator, id);
  await entry.getByText('Suspend or ban Bo Banned…').click();
  await entry.getByLabel('Ban', { exact: true }).check();
  await entry.getByLabel('Reason (the reader is told it)').fill('Advertising, again and again.');
  await entry.getByLabel('Also remove their published responses').check();
  await entry.getByRole('button', { name: 'Apply' }).click();
  await expect(moderator.getByRole('status').filter({ hasText: 'The reader is banned.' })).toBeVisible();
  await expect(item(moderator, id)).toContainText('banned');

  await page.goto(OPEN.path);
  await expect(page.getByText(text)).toHaveCount(0);
  await page.getByLabel('Your response', { exact: true }).fill(unique('One more try.'));
  await page.getByRole('button', { name: 'Post response' }).click();
  await expect(page.getByText(/Your account is banned from taking part.*Advertising, again and again\./)).toBeVisible();
  // Still signed in, reading their account.
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  await expect(page.getByRole('status')).toContainText('banned');

  await moderator.goto('/moderation/log?action=ban');
  await expect(moderator.getByRole('row').filter({ hasText: email })).toContainText('Advertising, again and again.');
});

test('staff pages are accessible, and closed to readers @no-js', async ({ browser }) => {
  test.slow(); // an axe check on each of five staff pages, then a reader and a moderator turned away
  const page = await staffPage(browser, 'admin');
  for (const path of ['/moderation', '/moderation?tab=all', '/moderation/log', '/admin/settings', '/admin/people']) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expectAccessible(page);
  }
  // Saving unchanged settings changes nothing, and says so.
  await page.goto('/admin/settings');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Nothing to save: the settings are as they were.')).toBeVisible();
  await page.goto(`/admin/people?q=${encodeURIComponent('staff.example.org')}`);
  await expect(page.getByRole('table', { name: 'Staff' })).toContainText(STAFF.moderator.email);

  const reader = await newPage(browser);
  await newReader(reader, 'Nosy Reader');
  for (const path of ['/moderation', '/moderation/log', '/admin/settings', '/admin/people']) {
    await reader.goto(path);
    await expect(reader.getByRole('heading', { level: 1 })).toHaveText('You cannot see this page');
    await expect(reader.getByRole('navigation', { name: 'Staff' })).toHaveCount(0);
  }
  await expectAccessible(reader);
  const moderator = await staffPage(browser, 'moderator');
  await moderator.goto('/admin/settings');
  await expect(moderator.getByRole('heading', { level: 1 })).toHaveText('You cannot see this page');
  await expect(moderator.getByLabel('Banned words and phrases')).toHaveCount(0);
});

test('the staff searches answer a NUL byte or text that is not UTF-8 with a message, never an error @no-js', async ({ browser }) => {
  const page = await staffPage(browser, 'admin');
  for (const [path, message] of [
    ['/admin/people?q=%00staff', 'The search contains a NUL character'],
    ['/admin/people?q=st%FFaff', 'Part of the search could not be read'],
    ['/moderation/log?q=ban%00', 'The search contains a NUL character'],
    ['/moderation/log?reader=a%FF%40example.org', 'Part of the search could not be read'],
  ]) {
    const response = await page.goto(path!);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole('main').getByRole('alert'), path).toContainText(message!);
  }
  await expectAccessible(page);
  // A parameter given twice in a hand-made address is read by its first value, never a 500.
  for (const path of ['/admin/people?q=a&q=b', '/moderation/log?q=a&q=b&reader=x&reader=y', '/moderation?tab=all&tab=pending']) {
    expect((await page.goto(path))?.status(), path).toBe(200);
  }
});
