import { expect, request as playwrightRequest, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { latestMailTo } from './mail';
import { staffPage } from './readers';
import { E2E_SUBSCRIBERS, STAFF } from './staff';

// An editor sends an issue: finds it in the issue list, previews it (HTML, sandboxed, and text), sends a test copy to
// their own address, confirms sending to the subscribers, and follows the progress to the end — live with
// JavaScript, by reloading without (tagged @no-js). An issue is sent once, so each run takes its own issue.

function scripted(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

test('an editor previews an issue, sends a test copy, then sends it to the subscribers and follows it to the end @no-js @postgres', async ({
  browser,
}) => {
  // Four axe checks (each a page of its own without JavaScript), a send and its mail: slow on a loaded machine.
  test.setTimeout(240_000);
  const js = scripted();
  const issue = js ? { date: '2010-09-15', words: '15 September 2010' } : { date: '2010-08-18', words: '18 August 2010' };
  const page = await staffPage(browser, 'editor');

  await page.goto('/admin/issues');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Issues');
  await expect(page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Issues' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expectAccessible(page);
  await page.getByRole('link', { name: `Send the issue of ${issue.words}` }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/issues/${issue.date}/send$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Send the issue of ${issue.words}`);

  // A test copy, to the editor's own address.
  await page.getByRole('button', { name: 'Send me a test copy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'A test copy is on its way' })).toBeVisible();
  const copy = await latestMailTo(STAFF.editor.email, new RegExp(issue.words));
  expect(copy.headers).toMatch(/^Subject: \[Test\] /m);

  // The preview: the email's HTML in a sandboxed frame, and its text.
  const frame = page.locator('iframe.email-preview');
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(page.frameLocator('iframe.email-preview').getByText(issue.words).first()).toBeVisible();
  await page.getByText('As plain text').click();
  await expect(page.getByLabel(/as plain text$/)).toContainText(issue.words);
  await expectAccessible(page);

  // Sending, confirmed.
  await page.getByLabel(/send this issue to all \d+ active subscribers now/).check();
  await page.getByRole('button', { name: /^Send to \d+ subscribers$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sending has started.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Progress' })).toBeVisible();
  const bar = page.getByRole('progressbar');
  await expect(bar).toHaveAccessibleName(/of \d+ handled/);

  if (js) {
    // The numbers move without a page load: the marker set now survives until the end.
    await page.evaluate(() => Object.assign(window, { sendPageStayed: true }));
    await expect(page.locator('.send-progress strong')).toHaveText('Done', { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { sendPageStayed?: boolean }).sendPageStayed)).toBe(true);
  } else {
    await expect(async () => {
      await page.reload();
      await expect(page.locator('.send-progress strong')).toHaveText('Done', { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
  }
  const audience = Number(await bar.getAttribute('max'));
  expect(audience).toBeGreaterThanOrEqual(E2E_SUBSCRIBERS.length - 1);
  await expect(bar).toHaveAttribute('value', String(audience));
  await expect(page.locator('[data-count="sent"]')).toHaveText(String(audience));
  await expect(page.locator('.send-progress [role="status"]')).toHaveText(new RegExp(`^Done: sent to ${audience} of ${audience}\\.$`));
  await expect(page.getByRole('button', { name: /^Send to/ })).toHaveCount(0);
  await expectAccessible(page);

  // Each run stops one subscriber's briefing at the end (below); the other run may have done so before this send.
  const leaving = js ? E2E_SUBSCRIBERS[0]! : E2E_SUBSCRIBERS[1]!;
  const leftInTheOtherRun = js ? E2E_SUBSCRIBERS[1]! : E2E_SUBSCRIBERS[0]!;
  for (const subscriber of E2E_SUBSCRIBERS.filter((address) => address !== leftInTheOtherRun)) {
    const mail = await latestMailTo(subscriber, new RegExp(`${issue.words}|${issue.date}`));
    expect(mail.headers).not.toMatch(/^Subject: \[Test\]/m);
  }

  // The subscriber follows the visible link in their copy: a page with a button, no sign-in, then the one-click
  // address of the List-Unsubscribe header posted by a client with no cookies at all (harmless the second time).
  const briefing = await latestMailTo(leaving, new RegExp(`${issue.words}|${issue.date}`));
  const link = briefing.text.match(/https?:\/\/\S+\/email\?\S+/)?.[0];
  expect(link, briefing.text).toBeTruthy();
  const reader = await browser.newContext({ javaScriptEnabled: js });
  const readerPage = await reader.newPage();
  await readerPage.goto(link!.replace(/^https?:\/\/[^/]+/, ''));
  await expect(readerPage.getByRole('heading', { level: 1 })).toHaveText('Your email');
  await expectAccessible(readerPage);
  await readerPage.getByRole('button', { name: 'Unsubscribe from the briefing' }).click();
  await expect(readerPage.getByText('You are unsubscribed from the briefing.')).toBeVisible();
  await expect(readerPage.getByRole('button', { name: 'Subscribe to the briefing' })).toBeVisible();
  await reader.close();
  const oneClick = briefing.headers.match(/^List-Unsubscribe: <(https?:[^>]+)>/m)?.[1];
  expect(briefing.headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  const client = await playwrightRequest.newContext();
  const answer = await client.post(oneClick!.replace(/^https?:\/\/[^/]+/, test.info().project.use.baseURL!), {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: 'List-Unsubscribe=One-Click',
    maxRedirects: 0,
  });
  expect(answer.status()).toBe(200);
  await client.dispose();

  // The list says it was sent.
  await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Issues' }).click();
  await expect(page.getByRole('row', { name: new RegExp(issue.words) })).toContainText('Sent, finished');
});

test('the send page is the editors’ and admins’: a moderator is told it is not theirs, with 403 @no-js', async ({ browser }) => {
  const page = await staffPage(browser, 'moderator');
  const response = await page.goto('/admin/issues/2010-09-15/send');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You cannot see this page');
  const progress = await page.request.get('/admin/issues/2010-09-15/send/progress');
  expect(progress.status()).toBe(403);
  expect(progress.headers()['cache-control']).toBe('private, no-store');
});
