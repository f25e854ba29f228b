import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { staffPage } from './readers';

// The subscribers page as an editor uses it: a CSV import with a bad line is refused whole, the corrected file is
// stored, the list finds what was imported, and the export holds it with formulas neutralised — JavaScript on and
// (tagged @no-js) off, axe on each page state.

async function importCsv(page: Page, name: string, csv: string, note: string) {
  const form = page.getByRole('form', { name: 'Import addresses' });
  await form.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await form.getByLabel(/They already agreed/).check();
  await form.getByLabel('Where the addresses came from').fill(note);
  await form.getByRole('button', { name: 'Import' }).click();
}

test('an editor imports subscribers (a bad line stores nothing), finds them and exports them @no-js', async ({ browser }) => {
  test.slow(); // many steps, each page checked by axe, on a loaded machine
  const domain = `e2e-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.example`;
  const page = await staffPage(browser, 'editor');
  await page.goto('/admin/subscribers');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscribers');
  await expect(page.getByRole('img', { name: 'Active subscribers by month' })).toBeVisible();
  await expectAccessible(page);

  const note = '=HYPERLINK("http://evil.example","sheet")';
  await importCsv(page, 'bad.csv', `email\nann@${domain}\nnot an address\nbob@${domain}\n`, note);
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported: 1 line has a problem' })).toBeVisible();
  const problems = page.getByRole('table', { name: /Lines with problems/ });
  await expect(problems.getByRole('row', { name: /^3 not an address/ })).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/admin/subscribers?q=${domain}`);
  await expect(page.getByText('No subscriber matches.')).toBeVisible();

  await importCsv(page, 'good.csv', `email\nann@${domain}\nbob@${domain}\n`, note);
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 addresses; 0 skipped.' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/admin/subscribers');
  await page.getByLabel('Address contains').fill(domain);
  await page.getByRole('button', { name: 'Show' }).click();
  const list = page.getByRole('table', { name: 'Subscribers, newest first' });
  await expect(list.getByRole('row')).toHaveCount(3);
  await expect(list).toContainText(`ann@${domain}`);
  await expect(list).toContainText(note);
  await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export these subscribers as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^subscribers-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    'email,status,consent_source,consent_wording,consent_note,consent_at,confirmed_at,status_changed_at,created_at',
  );
  expect(csv).toContain(`bob@${domain},active,import,`);
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""sheet"")"`);
  expect(csv).not.toMatch(/,"?=HYPERLINK/);
});
