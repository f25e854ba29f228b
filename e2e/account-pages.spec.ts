import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { newReader } from './readers';

// Every page of signing in and responding, checked with axe (the flows check the rest as they pass through).

test('the pages of signing in pass axe, and an expired link offers a new one @no-js', async ({ page }) => {
  await page.goto('/signin');
  await expectAccessible(page);
  await page.goto('/signin/check-email');
  await expectAccessible(page);
  // A link whose token is not (or no longer) there offers a new link at once, with the address filled in.
  await page.goto('/signin/confirm?email=a%40example.org&token=0123456789abcdef0123');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This sign-in link has expired or was already used');
  await expect(page.getByLabel('Your email address')).toHaveValue('a@example.org');
  await expectAccessible(page);
  await page.goto('/signout');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are signed out');
  await expectAccessible(page);
  await page.goto('/signin?error=Verification');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('expired or has already been used');
});

test('account and response pages pass axe, and signing out works @no-js', async ({ page }) => {
  await page.goto('/notifications/unsubscribe');
  await expectAccessible(page);
  await page.goto('/issues/2010-09-15/we-should-value-local-diversity/responses/newest');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Responses to');
  await expectAccessible(page);

  await newReader(page, 'Sam Signout');
  await page.goto('/responses/resume');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nothing waiting to be posted');
  await expectAccessible(page);
  await page.goto('/signin');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are signed in');
  // Auth.js's own sign-out address leads to the site's page, whose button signs out (without JavaScript too).
  await page.goto('/api/auth/signout');
  await expect(page).toHaveURL(/\/signout$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign out');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/:\d+\/$/);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=(%2F|\/)account$/);
});
