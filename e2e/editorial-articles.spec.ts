import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { EDITORIAL_ARTICLES_FILE, editorialSlug, type EditorialUse } from './editorial-seed';
import { tabTo } from './keyboard';
import { establishedReaderPage, staffPage } from './readers';
import { dataDirOf, type ServerName } from './servers';

// The article editor, by keyboard, with JavaScript and without (@no-js): edit and save, rename a published
// article's address (the old one answers 308), two editors saving the same article, restoring a revision and
// undoing it, the autosave (with JavaScript), and the preview that only editors can see. Each project edits
// articles of its own (e2e/editorial-seed.ts).

const ISSUE = '2010-08-18';

function scripted(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** The id and address of this project's article for `use`. */
function article(use: EditorialUse): { id: number; slug: string; editor: string } {
  const folder = dataDirOf(test.info().project.metadata.server as ServerName);
  const ids = JSON.parse(fs.readFileSync(path.join(folder, EDITORIAL_ARTICLES_FILE), 'utf8')) as Record<string, number>;
  const slug = editorialSlug(use, scripted());
  return { id: ids[slug]!, slug, editor: `/admin/articles/${ids[slug]}` };
}

/** Replaces a field's text as a keyboard user does: Tab to it, select all, type. */
async function retype(page: Page, label: string | RegExp, text: string) {
  const field = page.getByLabel(label, { exact: typeof label === 'string' });
  await tabTo(page, field, 60);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

/** Presses a button by keyboard. */
async function press(page: Page, name: string | RegExp) {
  const button = page.getByRole('button', { name, exact: typeof name === 'string' });
  await button.focus();
  await page.keyboard.press('Enter');
}

test('an editor edits an article, previews it, saves it, and its renamed address leads on from the old one @no-js', async ({ browser }) => {
  test.setTimeout(360_000);
  const { editor, slug } = article('save');
  const page = await staffPage(browser, 'editor');
  await page.goto(editor);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Edit “The editor’s save article/);
  await expectAccessible(page);

  await retype(page, 'Body', '## What changed\n\nSome *new* words.');
  if (scripted()) {
    // The preview follows the typing, rendered as the site renders it.
    await expect(page.locator('#preview').getByRole('heading', { name: 'What changed' })).toBeVisible();
  } else {
    await press(page, 'Preview');
    await expect(page.locator('#preview').getByRole('heading', { name: 'What changed' })).toBeVisible();
    await expect(page.getByLabel('Body', { exact: true })).toHaveValue('## What changed\n\nSome *new* words.');
    await expect(page.getByText(/^Version 1,/)).toBeVisible(); // nothing saved
  }

  await retype(page, 'Address (slug)', `${slug}-renamed`);
  await press(page, 'Save');
  await expect(page.getByRole('status').filter({ hasText: 'Saved: a new revision is kept.' })).toBeVisible();
  await expect(page.getByText(/^Version 2,/)).toBeVisible();
  await expect(page.getByLabel('Address (slug)')).toHaveValue(`${slug}-renamed`);
  await expectAccessible(page);

  const old = await page.request.get(`/issues/${ISSUE}/${slug}`, { maxRedirects: 0 });
  expect(old.status()).toBe(308);
  expect(old.headers().location).toMatch(new RegExp(`/issues/${ISSUE}/${slug}-renamed$`));
  await page.context().close();
});

test('two editors save the same article: the second keeps their text and takes theirs, then keeps their own @no-js', async ({
  browser,
}) => {
  test.setTimeout(360_000);
  const { editor } = article('conflict');
  const first = await staffPage(browser, 'editor');
  const second = await staffPage(browser, 'admin');
  await first.goto(editor);
  await second.goto(editor);

  await retype(first, 'Standfirst', 'The first editor’s standfirst.');
  await press(first, 'Save');
  await expect(first.getByRole('status').filter({ hasText: /^Saved: / })).toBeVisible();

  await retype(second, 'Body', 'The second editor’s words.');
  await press(second, 'Save');
  await expect(second.getByRole('heading', { name: 'Someone else saved this article since you opened it' })).toBeVisible();
  await expect(second.getByLabel('Body', { exact: true })).toHaveValue('The second editor’s words.');
  const comparison = second.getByRole('table', { name: /Their saved version and yours/ });
  const [theirs, yours] = [
    comparison.getByRole('row', { name: /^Standfirst/ }).getByRole('cell'),
    comparison.getByRole('row', { name: /^Body/ }).getByRole('cell'),
  ];
  await expect(theirs.first().getByRole('deletion').first()).toContainText('only in theirs: The first');
  await expect(yours.last().getByRole('insertion').first()).toContainText('only in yours: second editor’s');
  await expectAccessible(second);

  await press(second, 'Take theirs');
  await expect(second.getByRole('status').filter({ hasText: 'Your unsaved changes are discarded' })).toBeVisible();
  await expect(second.getByLabel('Standfirst')).toHaveValue('The first editor’s standfirst.');
  await expect(second.getByLabel('Body', { exact: true })).toHaveValue('The first words of this article.');

  // Once more: this time the second editor keeps their own over the first's newer save.
  await first.reload();
  await retype(first, 'Closing invitation', 'Write to us.');
  await retype(second, 'Body', 'The second editor insists.');
  await press(first, 'Save');
  await expect(first.getByRole('status').filter({ hasText: /^Saved: / })).toBeVisible();
  await press(second, 'Save');
  await expect(second.getByRole('heading', { name: 'Someone else saved this article since you opened it' })).toBeVisible();
  await press(second, 'Save my version');
  await expect(second.getByRole('status').filter({ hasText: 'Saved: a new revision is kept.' })).toBeVisible();
  await expect(second.getByLabel('Body', { exact: true })).toHaveValue('The second editor insists.');
  await expect(second.getByText(/^Version 4,/)).toBeVisible();
  await first.context().close();
  await second.context().close();
});

test('an editor compares two revisions, restores the older and undoes the restore @no-js', async ({ browser }) => {
  test.setTimeout(360_000);
  const { editor, id } = article('revisions');
  const page = await staffPage(browser, 'editor');
  await page.goto(editor);
  await retype(page, 'Body', 'The second words of this article.');
  await press(page, 'Save');
  await expect(page.getByRole('status').filter({ hasText: /^Saved: / })).toBeVisible();

  await page.getByRole('link', { name: 'Revisions' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/articles/${id}/revisions$`));
  await expect(page.getByRole('row', { name: /^2 Saved/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /^1 Imported/ })).toBeVisible();
  await press(page, 'Compare the two chosen');
  const comparison = page.getByRole('table', { name: 'Version 1 and version 2, where they differ' });
  await expect(comparison.locator('del')).toContainText('first');
  await expect(comparison.locator('ins')).toContainText('second');
  await expectAccessible(page);

  await press(page, 'Restore this revision (version 1)');
  await expect(page.getByRole('status').filter({ hasText: 'Restored as a new revision' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^3 Restored version 1/ })).toBeVisible();

  // The restore undone: version 2 comes back as version 4.
  await press(page, 'Restore this revision (version 2)');
  await expect(page.getByRole('row', { name: /^4 Restored version 2/ })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the editor' }).click();
  await expect(page.getByLabel('Body', { exact: true })).toHaveValue('The second words of this article.');
  await page.context().close();
});

test('with JavaScript, what the editor types is autosaved, and offered back when they return', async ({ browser }) => {
  test.skip(!scripted(), 'The autosave is JavaScript’s.');
  test.setTimeout(240_000);
  const { editor } = article('autosave');
  const page = await staffPage(browser, 'editor');
  await page.goto(editor);
  await retype(page, 'Body', 'Words typed and never saved.');
  await expect(page.getByRole('status').filter({ hasText: /^Draft autosaved at \d\d:\d\d:\d\d$/ })).toBeVisible({ timeout: 15_000 });

  await page.reload();
  await expect(page.getByLabel('Body', { exact: true })).toHaveValue('The first words of this article.');
  await page.getByRole('link', { name: /^Restore your unsaved changes from / }).click();
  await expect(page.getByLabel('Body', { exact: true })).toHaveValue('Words typed and never saved.');
  await expectAccessible(page);
  await page.goto(editor);
  await press(page, 'Discard them');
  await expect(page.getByRole('status').filter({ hasText: 'Your unsaved changes are discarded' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Restore your unsaved changes/ })).toHaveCount(0);
  await page.context().close();
});

test('the preview shows the article and its email to editors only: a reader or a visitor gets 404 @no-js', async ({ browser }) => {
  test.setTimeout(240_000);
  const { id } = article('save');
  const address = `/admin/articles/${id}/preview`;

  const page = await staffPage(browser, 'editor');
  const shown = await page.goto(address);
  expect(shown?.status()).toBe(200);
  expect(shown?.headers()['cache-control']).toMatch(/private/);
  expect(shown?.headers()['cache-control']).toMatch(/no-store/);
  await expect(page.getByRole('note', { name: 'Preview' })).toContainText('Preview — published.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^The editor’s save article/);
  await expect(
    page.frameLocator('iframe.email-preview').getByRole('heading', { name: `The editor’s save article (${scripted() ? 'JS' : 'no JS'})` }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.context().close();

  const reader = await establishedReaderPage(browser, 'sam');
  expect((await reader.goto(address))?.status()).toBe(404);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('We can’t find that page');
  await reader.context().close();

  const visitor = await browser.newContext({ javaScriptEnabled: scripted() });
  const visitorPage = await visitor.newPage();
  expect((await visitorPage.goto(address))?.status()).toBe(404);
  expect((await visitorPage.goto(`/admin/articles/999999/preview`))?.status()).toBe(404);
  await visitor.close();
});
