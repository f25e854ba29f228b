import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { tabTo } from './keyboard';
import { staffPage } from './readers';

// An editor makes an issue from /admin/issues, adds two articles, reorders them by keyboard, removes one (with a
// confirm step) and moves the issue to another date; then adds an author and corrects them. JavaScript on and
// (tagged @no-js) off, axe on each page. Each run takes dates of its own in the 1900s, below the real issues, so
// that the issues list's first page is left as the other specs expect it.

function freeDate(): string {
  const day = new Date(Date.UTC(1900 + Math.floor(Math.random() * 99), 0, 1) + Math.floor(Math.random() * 360) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** Sends a form by the keyboard: focus on its button, then Enter. */
async function pressWithKeyboard(button: Locator) {
  await button.focus();
  await button.press('Enter');
}

/** The ids of the issue's articles, in the order the editor lists them. */
async function listedOrder(page: Page): Promise<string[]> {
  return page.locator('ol.issue-articles > li').evaluateAll((rows) => rows.map((row) => row.id.replace('article-', '')));
}

/** Adds an article from the issue editor: it opens in the article editor, whose address names it. */
async function addArticle(page: Page, editor: string): Promise<string> {
  await pressWithKeyboard(page.getByRole('button', { name: 'Add an article' }));
  await expect(page).toHaveURL(/\/admin\/articles\/\d+$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await page.goto(editor);
  return id;
}

test('an editor creates an issue, adds two articles, reorders them by keyboard, removes one and moves the issue @no-js', async ({
  browser,
}) => {
  test.setTimeout(600_000); // many steps, each page checked by axe, on a loaded machine
  const page = await staffPage(browser, 'editor');
  const date = freeDate();

  await page.goto('/admin/issues');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Issues');
  await expectAccessible(page);
  const newIssue = page.getByRole('form', { name: 'New issue' });
  await newIssue.getByLabel('Date').fill(date);
  await newIssue.getByLabel('Summary (optional)').fill('Water, power and the cost of both.');
  await pressWithKeyboard(newIssue.getByRole('button', { name: 'Create the issue' }));
  const editor = `/admin/issues/${date}`;
  await expect(page).toHaveURL(new RegExp(`${editor}\\?done=issue-created`));
  await expect(page.getByRole('status').filter({ hasText: 'The issue is created, as a draft.' })).toBeVisible();
  await expect(page.getByText('Draft: only staff can see it.')).toBeVisible();
  await expectAccessible(page);

  // The same date again is refused beside the field, with what was typed kept.
  await page.goto('/admin/issues');
  await newIssue.getByLabel('Date').fill(date);
  await pressWithKeyboard(newIssue.getByRole('button', { name: 'Create the issue' }));
  await expect(newIssue.getByLabel('Date')).toHaveAccessibleDescription(/There is already an issue dated/);
  await expectAccessible(page);

  await page.goto(editor);
  const first = await addArticle(page, editor);
  const second = await addArticle(page, editor);
  expect(await listedOrder(page)).toEqual([first, second]);
  await expect(page.getByRole('link', { name: 'Untitled article', exact: true })).toHaveCount(2);
  await expectAccessible(page);

  // Moving the first down by keyboard: the order swaps, and focus stays on the row that moved (its other button,
  // now that it is last), so that pressing again carries on.
  await page.locator(`#move-${first}-down`).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Moved “Untitled article” to number 2 of 2.' })).toBeVisible();
  expect(await listedOrder(page)).toEqual([second, first]);
  await expect(page.locator(`#move-${first}-up`)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'to number 1 of 2.' })).toBeVisible();
  expect(await listedOrder(page)).toEqual([first, second]);
  await expect(page.locator(`#move-${first}-down`)).toBeFocused();
  await expectAccessible(page);

  // Removing asks first; "keep it" changes nothing, "yes" removes the draft.
  const row = page.locator(`#article-${second}`);
  await row.getByRole('link', { name: /^Remove/ }).click();
  await expect(row.getByText('Remove the draft “Untitled article” for good?')).toBeVisible();
  await expectAccessible(page);
  await tabTo(page, row.getByRole('button', { name: 'Yes, remove it' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'The draft is removed.' })).toBeVisible();
  expect(await listedOrder(page)).toEqual([first]);

  // A new date moves the editor to the new address.
  const moved = freeDate();
  const details = page.getByRole('form', { name: 'Date, number and summary' });
  await details.getByLabel('Date').fill(moved);
  await pressWithKeyboard(details.getByRole('button', { name: 'Save' }));
  await expect(page).toHaveURL(new RegExp(`/admin/issues/${moved}\\?done=issue-saved`));
  await expect(page.getByRole('status').filter({ hasText: 'The issue is saved.' })).toBeVisible();
  expect(await listedOrder(page)).toEqual([first]);
  await expectAccessible(page);
});

test('an editor adds an author and corrects their address and bio @no-js', async ({ browser }) => {
  test.setTimeout(480_000);
  const page = await staffPage(browser, 'editor');
  const name = `Author ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  await page.goto('/admin/authors');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authors');
  await expectAccessible(page);
  const form = page.getByRole('form', { name: 'New author' });
  await form.getByLabel('Name').fill(name);
  await pressWithKeyboard(form.getByRole('button', { name: 'Add the author' }));
  await expect(page).toHaveURL(/\/admin\/authors\/\d+\?done=author-created/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const address = page.getByRole('textbox', { name: 'Address', exact: true });
  await expect(address).toHaveValue(name.toLowerCase().replace(' ', '-'));
  await expectAccessible(page);

  const slug = `${name.toLowerCase().replace(' ', '-')}-corrected`;
  await address.fill(slug);
  await page.getByLabel('Bio (optional)').fill('Writes on water.');
  await pressWithKeyboard(page.getByRole('button', { name: 'Save' }));
  await expect(page.getByRole('status').filter({ hasText: 'The author is saved.' })).toBeVisible();
  await expect(address).toHaveValue(slug);
  await expect(page.getByLabel('Bio (optional)')).toHaveValue('Writes on water.');

  await page.goto('/admin/authors');
  await expect(page.getByRole('table', { name: 'Authors, newest first' }).getByRole('link', { name })).toBeVisible();
});
