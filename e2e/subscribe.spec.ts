import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { reachFor } from './intent';
import { latestMailTo, linkIn } from './mail';
import { asOwnClient, newAddress, newReader } from './readers';

// Subscribing by email, double opt-in: the form on /subscribe, the emailed link, the confirm page's button.

test('a visitor subscribes on /subscribe and confirms with the button on the emailed link’s page @no-js', async ({ page }) => {
  await asOwnClient(page);
  const email = newAddress('subscriber');
  await page.goto('/subscribe');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscribe by email');
  await expectAccessible(page);

  const main = page.getByRole('main');
  await main.getByLabel('Email address').fill(email);
  // The form takes a post sooner than a person could type for a script's: wait until its stamp is old enough.
  const stamp = Number((await main.locator('input[name="stamp"]').getAttribute('value'))!.split('.')[0]);
  await expect.poll(() => Date.now() - stamp).toBeGreaterThan(2_500);
  await main.getByRole('button', { name: 'Subscribe' }).click();
  await expect(main.getByRole('status')).toContainText(`Check your inbox: if ${email} can receive the briefing`);

  const mail = await latestMailTo(email, /Confirm your subscription/);
  const link = linkIn(mail, '/subscribe/confirm?');
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your subscription');
  await expect(main).toContainText(`Press the button to have the briefing emailed to ${email}.`);
  await expectAccessible(page);
  // Opening the link again (as a mail scanner would) still asks: a GET confirms nothing.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Confirm your subscription');

  await main.getByRole('button', { name: 'Confirm subscription' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are subscribed');
  await expect(main.getByRole('status')).toContainText(email);
  await expectAccessible(page);
});

test('a signed-in reader subscribes from under an article with one button, and their account says so', async ({ page }) => {
  const email = await newReader(page, 'Sue Scriber');
  const asked: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/subscribe/status') asked.push(request.url());
  });
  await page.goto('/issues/2010-09-15/we-should-value-local-diversity');
  await reachFor(page);
  const form = page.getByRole('region', { name: 'Get each briefing by email' });
  // The cached page has the email form; once its scripts run, it asks who is looking and offers the reader's one button —
  // in the footer's form too, from the same one question.
  await expect(form.getByLabel('Email address')).toHaveCount(0);
  await expect(form).toContainText('to the address I sign in with');
  await expect(page.getByRole('region', { name: 'The briefing by email' })).toContainText('to the address I sign in with');
  expect(asked).toHaveLength(1);
  await expectAccessible(page);
  await form.getByRole('button', { name: 'Subscribe' }).click();
  await expect(form.getByRole('status')).toHaveText(`Subscribed: the briefing will be emailed to ${email}.`);

  await page.goto('/account');
  await expect(page.getByRole('region', { name: 'Your email subscription' })).toContainText(`You receive each briefing at ${email}`);
  await expectAccessible(page);
});
