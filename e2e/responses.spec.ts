import { expect, test, type Page } from '@playwright/test';
import { XSS_PAYLOADS } from '@/test/fixtures/xss-payloads';
import { expectAccessible } from './axe';
import { tabTo } from './keyboard';
import { latestMailTo, linkIn } from './mail';
import { asOwnClient, newAddress, newReader, signIn, staffPage } from './readers';

// Readers respond: sign in from the emailed link, name themselves, post, reply, edit, delete — with JavaScript on
// and (tagged @no-js) off — and nothing they type ever runs.

const ARTICLE = '/issues/2010-09-15/we-should-value-local-diversity';

function unique(text: string): string {
  return `${text} (${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)})`;
}

async function postResponse(page: Page, body: string): Promise<void> {
  await page.goto(ARTICLE);
  await page.getByLabel('Your response', { exact: true }).fill(body);
  await page.getByRole('button', { name: 'Post response' }).click();
}

function responseWith(page: Page, text: string) {
  return page.locator('article.response').filter({ hasText: text });
}

test('a signed-out reader writes, signs in from the emailed link, names themself and posts what they wrote @no-js', async ({ page }) => {
  await asOwnClient(page);
  const text = unique('Diversity of local finance matters more than scale.');
  await postResponse(page, text);

  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fresponses%2Fresume/);
  await expect(page.getByText('Sign in to post your response. What you wrote is kept')).toBeVisible();
  await expectAccessible(page);
  await signIn(page, newAddress('drafter'));

  await expect(page).toHaveURL(/\/responses\/resume$/);
  await expect(page.getByLabel('Your response', { exact: true })).toHaveValue(text);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Post response' }).click();
  // No name yet: asked for one, and the text is still there.
  await expect(page.getByText('Please enter your name.')).toBeVisible();
  await expect(page.getByLabel('Your response', { exact: true })).toHaveValue(text);
  await page.getByLabel(/Your name/).fill('Dana Drafter');
  await page.getByRole('button', { name: 'Post response' }).click();

  await expect(page).toHaveURL(/#response-\d+$/);
  const response = responseWith(page, text);
  await expect(response.getByRole('heading', { name: 'Dana Drafter' })).toBeVisible();
  await expect(response.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  await expectAccessible(page);
});

test('readers post, reply, edit and delete, and the thread keeps its shape @no-js', async ({ page, browser }) => {
  test.setTimeout(180_000); // two readers sign in, and deleting takes a confirmation page
  await newReader(page, 'Alex First', 'Localis');
  const first = unique('Mass localism needs patient capital.');
  await postResponse(page, first);
  await expect(page).toHaveURL(/#response-\d+$/);
  const firstId = page.url().split('#response-')[1]!;
  const mine = responseWith(page, first);
  await expect(mine.getByRole('heading')).toHaveText('Alex First, Localis');

  // A second reader replies to it.
  const other = await browser.newContext({ javaScriptEnabled: test.info().project.use.javaScriptEnabled !== false });
  const replier = await other.newPage();
  await newReader(replier, 'Bea Second');
  await replier.goto(ARTICLE);
  await responseWith(replier, first).getByRole('link', { name: 'Reply to Alex First' }).click();
  await expect(replier.getByRole('heading', { level: 1 })).toHaveText('Reply to Alex First');
  await expectAccessible(replier);
  const reply = unique('Agreed, and community shares are one way.');
  await replier.getByLabel('Your reply to Alex First').fill(reply);
  await replier.getByRole('button', { name: 'Post reply' }).click();
  await expect(replier).toHaveURL(/#response-\d+$/);
  const replies = replier.getByRole('list', { name: 'Replies to Alex First' });
  await expect(replies.getByText(reply)).toBeVisible();
  await other.close();

  // The first reader edits (within 15 minutes) and then deletes their response.
  await page.goto(`/responses/${firstId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your response');
  // Its field holds the response: the page starts its scripts at once, not at the first key, because React's
  // hydration would put the field back to the text it was sent with (lib/http/scripts-on-intent.mjs).
  await expect(page.locator('script[src]').first()).toBeAttached();
  await expectAccessible(page);
  const edited = `${first} Edited to add: and time.`;
  await page.getByLabel('Your response', { exact: true }).fill(edited);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(new RegExp(`#response-${firstId}$`));
  // Read the thread as any reader would. (The page the action lands on can, rarely, be a render of the same page
  // that another request started a moment before the edit and that Next shares with this one.)
  await page.reload();
  await expect(responseWith(page, edited).locator('.response__meta')).toContainText('· edited');

  // Deleting asks first, on a page of its own; keeping it changes nothing.
  await page.goto(`/responses/${firstId}`);
  await page.getByRole('link', { name: 'Delete this response…' }).click();
  await expect(page).toHaveURL(new RegExp(`/responses/${firstId}/delete$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete your response?');
  await expect(page.locator('blockquote')).toContainText('patient capital');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Keep it' }).click();
  await expect(page).toHaveURL(new RegExp(`/responses/${firstId}$`));
  await page.goto(ARTICLE);
  await expect(page.locator(`#response-${firstId}`)).toContainText('patient capital');
  await page.goto(`/responses/${firstId}/delete`);
  await page.getByRole('button', { name: 'Delete it' }).click();
  await expect(page).toHaveURL(/#responses$/);
  // Replies hang on it, so it stays in place, marked.
  await expect(page.locator(`#response-${firstId}`).getByText('Removed by its author.')).toBeVisible();
  await expect(page.locator(`#response-${firstId}`)).not.toContainText('patient capital');
  await expect(page.getByText(reply)).toBeVisible();
});

test('errors are specific and keep what was typed; the limits hold @no-js', async ({ page }) => {
  await newReader(page, 'Casey Limits');
  const tooLong = 'x'.repeat(5001);
  await postResponse(page, tooLong);
  await expect(page.getByText('Your response is 5,001 characters long; the limit is 5,000.')).toBeVisible();
  await expect(page.getByLabel('Your response', { exact: true })).toHaveValue(tooLong);
  await expect(page.getByLabel('Your response', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // A megabyte pasted in gets the same plain answer, not a server error.
  await postResponse(page, 'y'.repeat(1_000_000));
  await expect(page.getByText('Your response is 1,000,000 characters long; the limit is 5,000.')).toBeVisible();

  const text = unique('First words from a new account.');
  await postResponse(page, text);
  await expect(page).toHaveURL(/#response-\d+$/);
  // A new account waits 30 seconds between responses.
  const again = unique('Second words, too soon.');
  await postResponse(page, again);
  await expect(
    page.getByText(/Please wait \d+ seconds before posting again \(30 seconds between responses for new accounts\)/),
  ).toBeVisible();
  await expect(page.getByLabel('Your response', { exact: true })).toHaveValue(again);
});

test('a response is written and posted with the keyboard alone', async ({ page }) => {
  await newReader(page, 'Kim Keys');
  await page.goto(ARTICLE);
  const field = page.getByLabel('Your response', { exact: true });
  await tabTo(page, field, 80);
  const text = unique('Typed without a mouse.');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Post response' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#response-\d+$/);
  await expect(responseWith(page, text)).toBeVisible();
});

test('hostile text posted through the form is shown as text and never runs, to readers and moderators', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  // Every payload of the fixture, packed into responses of at most 5 000 characters, each from a new reader (a new
  // account posts once every 30 seconds).
  const bodies: string[] = [];
  // (A NUL byte is refused with a message rather than stored: that is tested on its own.)
  for (const payload of XSS_PAYLOADS.filter((text) => !text.includes('\u0000'))) {
    const last = bodies.at(-1);
    if (last !== undefined && [...`${last}\n\n${payload}`].length <= 4900) bodies[bodies.length - 1] = `${last}\n\n${payload}`;
    else bodies.push(payload);
  }
  const held: number[] = [];
  for (const [index, body] of bodies.entries()) {
    await page.context().clearCookies();
    await newReader(page, `Mallory ${index + 1}`);
    await postResponse(page, body);
    // Published, or (many links) held for a moderator.
    await expect(page).toHaveURL(/#response-\d+$|\/responses\/\d+\?posted=pending$/);
    const pending = /\/responses\/(\d+)\?posted=pending$/.exec(page.url());
    if (pending) held.push(Number(pending[1]));
  }
  // The moderator reads the held ones in the queue — as text too — and approves them.
  const moderator = await staffPage(browser, 'moderator');
  moderator.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  for (const id of held) {
    await moderator.goto(`/moderation#item-${id}`);
    const item = moderator.locator(`#item-${id}`);
    await expect(item).toContainText('Held: Contains more links than allowed.');
    expect(await moderator.locator('.queue script, .queue img, .queue svg, .queue iframe, .queue [onerror]').count()).toBe(0);
    await item.getByRole('button', { name: 'Approve' }).click();
    await expect(moderator.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
  }
  for (const cursor of ['', '/newest']) {
    await page.goto(cursor ? `${ARTICLE}/responses${cursor}` : ARTICLE);
    await expect(page.getByText('<script>alert(1)</script>').first()).toBeVisible();
    expect(await page.evaluate(() => document.title)).not.toBe('pwned');
    expect(await page.locator('.responses script, .responses img, .responses svg, .responses iframe, .responses [onerror]').count()).toBe(
      0,
    );
  }
  expect(dialogs).toEqual([]);
});

test('a reply emails its addressee, whose link turns the emails off', async ({ page, browser }) => {
  const authorEmail = await newReader(page, 'Noa Notified');
  const first = unique('Tell me when someone answers.');
  await postResponse(page, first);
  await expect(page).toHaveURL(/#response-\d+$/);

  const other = await browser.newContext();
  const replier = await other.newPage();
  await newReader(replier, 'Ravi Replier');
  await replier.goto(ARTICLE);
  await responseWith(replier, first).getByRole('link', { name: 'Reply to Noa Notified' }).click();
  const reply = unique('Here is an answer.');
  await replier.getByLabel('Your reply to Noa Notified').fill(reply);
  await replier.getByRole('button', { name: 'Post reply' }).click();
  await expect(replier).toHaveURL(/#response-\d+$/);
  await other.close();

  const mail = await latestMailTo(authorEmail, /Ravi Replier replied to your response/);
  expect(mail.headers).toMatch(/^Subject: Ravi Replier replied to you on/m);
  expect(mail.headers).toMatch(/^List-Unsubscribe: <http[^>]+\/api\/notifications\/unsubscribe\?/m);
  expect(mail.text).toContain(reply);

  await page.context().clearCookies();
  await page.goto(linkIn(mail, '/notifications/unsubscribe?'));
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Stop reply emails' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reply emails are off');
});

test('the account page exports responses and deletes the account after asking, leaving its responses to "a former reader" @no-js', async ({
  page,
}) => {
  await newReader(page, 'Del Etable');
  const text = unique('Soon to be from a former reader.');
  await postResponse(page, text);
  await expect(page).toHaveURL(/#response-\d+$/);

  await page.goto('/account');
  await expectAccessible(page);
  const exported = await page.request.get('/account/responses.json');
  expect(exported.headers()['content-disposition']).toMatch(/^attachment; filename="my-responses-/);
  const data = (await exported.json()) as { account: { displayName: string }; responses: { body: string }[] };
  expect(data.account.displayName).toBe('Del Etable');
  expect(data.responses.map((response) => response.body)).toContain(text);

  // A second step on a page of its own, where "delete" must be typed.
  await page.getByRole('link', { name: 'Delete your account…' }).click();
  await expect(page).toHaveURL(/\/account\/delete$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delete your account?');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByText('Type “delete” to confirm.', { exact: true })).toBeVisible();
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  await page.goto('/account/delete');
  await page.getByLabel('Type “delete” to confirm').fill('delete');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  // Its own page says it is done (the home page is cached, the same for everyone, and could not).
  await expect(page).toHaveURL(/\/account\/deleted$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account is deleted');
  await expect(page.getByText('you are signed out everywhere')).toBeVisible();
  await expectAccessible(page);
  await page.goto(ARTICLE);
  await expect(responseWith(page, text).getByRole('heading')).toHaveText('A former reader');
  // Signed out everywhere: the account page asks to sign in again.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=(%2F|\/)account$/);
});

test('an emailed link opened by a scanner (GET) signs nobody in; the button does', async ({ page, request }) => {
  await asOwnClient(page);
  const email = newAddress('scanned');
  await page.goto('/signin');
  await page.getByLabel('Your email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  const link = linkIn(await latestMailTo(email, /Sign in/), '/signin/confirm?');
  // What a mail scanner does: fetch the link, and the callback it might guess.
  expect((await request.get(link)).status()).toBe(200);
  const callback = link.replace('/signin/confirm?', '/api/auth/callback/nodemailer?');
  expect((await request.get(callback, { maxRedirects: 0 })).status()).toBe(303);
  // The link still works for the person.
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The sign-in lands before the next page is asked for (a goto at once could cancel the post and its cookie).
  await expect(page).not.toHaveURL(/\/signin/);
  await page.goto('/account');
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});
