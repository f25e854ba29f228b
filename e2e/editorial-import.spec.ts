import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { tabTo } from './keyboard';
import { staffPage } from './readers';

// Importing issues from the browser (/admin/import) as an editor, by keyboard, JavaScript on and (tagged @no-js)
// off: two good files are created; a good file beside a bad one is refused whole — the bad one's name and line
// shown, and the good one's issue not stored. axe on every state of the page.

/** An issue file's text: one article. */
const issueText = (date: string, title: string) =>
  `${date}\n\n${title}\n\nA standfirst for ${title.toLowerCase()}.\n\nImogen Importer\n\nThe first paragraph.\n\nWe would like to hear from you.\n`;

/**
 * Each project has its own dates: the two share a server. Years before the real issue (2010-09-15), so that what is
 * imported never becomes the latest issue the home page and the other specs show.
 */
function datesFor(projectName: string) {
  const year = projectName.endsWith('no-js') ? 2001 : 2002;
  return { first: `${year}-02-04`, second: `${year}-02-18`, good: `${year}-03-04`, bad: `${year}-03-18` };
}

async function upload(page: Page, files: { name: string; text: string }[]) {
  const form = page.getByRole('form', { name: 'Upload issue files' });
  const input = form.getByLabel('Issue files');
  await tabTo(page, input);
  await input.setInputFiles(files.map(({ name, text }) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) })));
  await tabTo(page, form.getByRole('button', { name: 'Import' }));
  await page.keyboard.press('Enter');
}

test('an editor imports issue files; a batch with a bad file stores nothing and names its file and line @no-js', async ({
  browser,
}, info) => {
  test.slow(); // several uploads, each page checked by axe, on a shared machine
  const dates = datesFor(info.project.name);
  const page = await staffPage(browser, 'editor');
  await page.goto('/admin/import');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import issues');
  await expectAccessible(page);

  await upload(page, [
    { name: 'first.txt', text: issueText(dates.first, 'Imported first') },
    { name: 'second.txt', text: issueText(dates.second, 'Imported second') },
  ]);
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 files: 2 created, 0 updated, 0 unchanged.' })).toBeVisible();
  const outcomes = page.getByRole('table', { name: 'What each file did' });
  await expect(outcomes.getByRole('row', { name: /^first\.txt/ })).toContainText('Created');
  await expect(outcomes.getByRole('link', { name: `Edit the issue of ${dates.second}` })).toHaveAttribute(
    'href',
    `/admin/issues/${dates.second}`,
  );
  await expectAccessible(page);

  await upload(page, [
    { name: 'good.txt', text: issueText(dates.good, 'A good one') },
    { name: 'bad.txt', text: `${dates.bad}\n\nA title and nothing else\n` },
  ]);
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported: a file has a problem.' })).toBeVisible();
  const problems = page.getByRole('table', { name: 'Problems, by file and line' });
  await expect(problems.getByRole('row')).toHaveCount(2);
  await expect(problems.getByRole('row', { name: /^bad\.txt 4 expected the standfirst/ })).toBeVisible();
  await expectAccessible(page);

  // On the site: the two imported issues, and not the good file of the refused batch.
  await page.goto(`/issues/${dates.second}/imported-second`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Imported second');
  expect((await page.goto(`/issues/${dates.good}`))?.status()).toBe(404);
  await page.close();
});

test('a reader cannot open the import page', async ({ page }) => {
  const response = await page.goto('/admin/import');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Fimport/);
  expect(response?.status()).toBe(200);
});
