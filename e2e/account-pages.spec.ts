import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { newReader } from './readers';

// Every page of signing in and responding, checked with axe (the flows check the rest as they pass through).

test('sign-in, account and response pages pass axe, and signing out works @no-js', async ({ page }) => {
  await page.goto('/signin');
  await expectAccessible(page);
  await page.goto('/signin/check-email');
  await expectAccessible(page);
  await page.goto('/signin/confirm?email=a%40example.org&token=0123456789abcdef0123');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/signin?error=Verification');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('expired or has already been used');
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
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/:\d+\/$/);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=(%2F|\/)account$/);
});
