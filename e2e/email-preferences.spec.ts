import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { newReader } from './readers';

// A signed-in reader follows an article from its page, then chooses their emails on their email page (reached
// from the account page): the briefing on, reply emails off, the article unfollowed — JavaScript on and off.

const ARTICLE = '/issues/2010-09-15/we-should-value-local-diversity';

test('a reader follows an article and chooses their emails on their email page @no-js', async ({ page }) => {
  await newReader(page, 'Fern Follower');

  await page.goto(ARTICLE);
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  await page.getByRole('button', { name: 'Follow this article' }).click();
  await expect(page.getByText('You follow this article: new responses come in an email digest.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unfollow this article' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/account');
  await page.getByRole('link', { name: 'All your emails' }).click();
  await expect(page).toHaveURL(/\/email$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email');
  const follows = page.getByRole('region', { name: 'Articles you follow' });
  await expect(follows.getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Subscribe to the briefing' }).click();
  await expect(page.getByText('You are subscribed to the briefing.')).toBeVisible();
  await expect(page.getByText('You get the briefing by email.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unsubscribe from the briefing' })).toBeVisible();

  await page.getByRole('button', { name: 'Stop reply emails' }).click();
  await expect(page.getByText('Reply emails are off.')).toBeVisible();
  await expect(page.getByText('We do not email you about replies.')).toBeVisible();

  await follows.getByRole('button', { name: `Unfollow ${title}` }).click();
  await expect(follows.getByText('You follow no articles.')).toBeVisible();
  await expectAccessible(page);

  // The article's button agrees (with JavaScript, which asks once the shared page has loaded).
  if (test.info().project.use.javaScriptEnabled !== false) {
    await page.goto(ARTICLE);
    await expect(page.getByRole('button', { name: 'Follow this article' })).toBeVisible();
  }
});
