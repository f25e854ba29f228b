import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { tabTo } from './keyboard';

// Searching articles and readers' responses, with the filters, by keyboard, JavaScript on and (tagged @no-js) off:
// a GET form, so every search is a plain address. The responses are e2e/prepare.ts's wombats: two published (one by
// a reader who since deleted their account) and one removed, which is never found.

const ARTICLE = '/issues/2010-08-18/a-discussion-now-closed';

test('a reader searches responses, narrows by author and year, and opens one in its conversation @no-js', async ({ page }) => {
  test.slow(); // several searches, each checked by axe, on a shared machine
  await page.goto('/search');
  await expectAccessible(page);
  const main = page.getByRole('main');

  const box = main.getByRole('searchbox', { name: 'Search the briefing' });
  await tabTo(page, box);
  await page.keyboard.type('wombat');
  // A radio group is one stop of Tab, on its checked button; the arrow keys choose within it.
  await tabTo(page, main.getByRole('radio', { name: 'Articles' }));
  await page.keyboard.press('ArrowDown');
  await expect(main.getByRole('radio', { name: 'Readers’ responses' })).toBeChecked();
  await tabTo(page, main.getByRole('button', { name: 'Search' }));
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/search\?q=wombat&in=responses/);
  await expect(main.getByRole('status')).toHaveText('2 responses match “wombat”.');
  const results = main.getByRole('listitem');
  await expect(results).toHaveCount(2);
  await expect(main.getByRole('link', { name: 'Ellis Established on “A discussion now closed”' })).toBeVisible();
  await expect(main.getByRole('link', { name: 'A former reader on “A discussion now closed”' })).toBeVisible();
  await expect(main.getByText('removed remark')).toHaveCount(0);
  await expect(main.locator('mark').first()).toHaveText(/^wombats?$/i);
  await expectAccessible(page);

  // The article's author and the year the response was written: this year finds them, 2010 nothing.
  await main.getByLabel('Article by').selectOption({ label: 'Ann Author' });
  await main.getByLabel('Year').selectOption(String(new Date().getUTCFullYear()));
  await main.getByRole('button', { name: 'Search' }).click();
  await expect(main.getByRole('status')).toHaveText('2 responses match “wombat” with these filters.');
  await main.getByLabel('Article by').selectOption({ label: 'Grace Hopper' });
  await main.getByRole('button', { name: 'Search' }).click();
  await expect(main.getByRole('status')).toHaveText(/^No responses match “wombat” with these filters\./);
  await main.getByLabel('Article by').selectOption({ label: 'Ann Author' });
  await main.getByLabel('Year').selectOption('2010');
  await main.getByRole('button', { name: 'Search' }).click();
  await expect(main.getByRole('status')).toHaveText(
    'No responses match “wombat” with these filters. Try fewer or different words, or fewer filters.',
  );
  await expectAccessible(page);

  await page.goto('/search?q=wombat&in=responses');
  const link = main.getByRole('link', { name: 'Ellis Established on “A discussion now closed”' });
  const href = await link.getAttribute('href');
  expect(href).toMatch(new RegExp(`^${ARTICLE}#response-\\d+$`));
  await tabTo(page, link, 60);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${ARTICLE}#response-\\d+$`));
  await expect(page.locator(href!.slice(href!.indexOf('#')))).toContainText('Wombats dig their burrows');
});

test('articles are searched by default, and narrowed by author and by the issue’s year @no-js', async ({ page }) => {
  await page.goto('/search?q=allotments');
  const main = page.getByRole('main');
  await expect(main.getByRole('radio', { name: 'Articles' })).toBeChecked();
  await expect(main.getByRole('status')).toHaveText(/^\d+ articles? match(es)? “allotments”\.$/);
  await expect(main.getByRole('link', { name: /An open table on .*allotments/i })).toBeVisible();

  await page.goto('/search?q=allotments&author=grace-hopper&year=2010');
  await expect(main.getByLabel('Article by')).toHaveValue('grace-hopper');
  await expect(main.getByRole('link', { name: /An open table on .*allotments/i })).toBeVisible();
  await page.goto('/search?q=allotments&author=grace-hopper&year=2011');
  await expect(main.getByRole('status')).toHaveText(/^No articles match “allotments” with these filters\./);
  await expectAccessible(page);
});
