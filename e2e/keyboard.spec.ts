import { expect, test } from '@playwright/test';
import { tabTo } from './keyboard';

// Reading and searching with the keyboard alone.

test('the skip link is the first stop and moves focus to the content', async ({ page }) => {
  await page.goto('/issues/2010-09-15/we-should-value-local-diversity');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
  await expect(page.locator('main')).toBeFocused();
  // The next stop is inside the content: the link back to the issue.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Briefing of 15 September 2010' })).toBeFocused();
});

test('a reader searches and opens a result by keyboard alone', async ({ page }) => {
  await page.goto('/search');
  await tabTo(page, page.getByRole('main').getByRole('searchbox', { name: 'Search the briefing' }));
  await page.keyboard.type('"social finance"');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('1 article matches');
  const result = page.getByRole('main').getByRole('link', { name: 'We should value local diversity' });
  await tabTo(page, result);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/issues\/2010-09-15\/we-should-value-local-diversity$/);
});
