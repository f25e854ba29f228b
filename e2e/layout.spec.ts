import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { newReader, staffPage } from './readers';

// How forms and staff pages are laid out: radio buttons in compact groups with their labels beside them, and every
// staff page usable on a phone-sized screen without scrolling sideways. The article is e2e/fixtures', open to all.

const OPEN = { path: '/issues/2010-08-18/an-open-table-on-allotments', title: 'An open table on allotments' };
const PHONE = { width: 375, height: 800 };

/** A published response by a new reader, with a long unbroken word (a pasted address) to test how it wraps. */
async function postedResponse(page: Page): Promise<number> {
  await newReader(page, 'Lee Layout');
  await page.goto(OPEN.path);
  const unbroken = `https://example.org/${'a-very-long-path-segment'.repeat(6)}`;
  await page.getByLabel('Your response', { exact: true }).fill(`Layout check ${Date.now().toString(36)}: ${unbroken}`);
  await page.getByRole('button', { name: 'Post response' }).click();
  await expect(page).toHaveURL(/#response-\d+$/);
  return Number(page.url().split('#response-')[1]);
}

/**
 * Each radio button in the group is a small control with its label right beside it on the same line — not
 * stretched across the form — and the group is named by its legend.
 */
async function expectCompactRadios(group: Locator): Promise<void> {
  const radios = group.getByRole('radio');
  expect(await radios.count()).toBeGreaterThan(1);
  for (const radio of await radios.all()) {
    const id = await radio.getAttribute('id');
    const control = (await radio.boundingBox())!;
    const label = (await group.locator(`label[for="${id}"]`).boundingBox())!;
    expect(control.width, `the radio button ${id}`).toBeLessThanOrEqual(24);
    const gap = label.x - (control.x + control.width);
    expect(gap, `the gap between ${id} and its label`).toBeGreaterThanOrEqual(0);
    expect(gap, `the gap between ${id} and its label`).toBeLessThanOrEqual(16);
    // On one line: the button's middle falls within the label's first line.
    const middle = control.y + control.height / 2;
    expect(middle).toBeGreaterThan(label.y);
    expect(middle).toBeLessThan(label.y + Math.min(label.height, 40));
  }
}

test('radio buttons are compact groups, each label beside its button', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const id = await postedResponse(page);
  const admin = await staffPage(browser, 'admin');

  await admin.goto(`/responses/${id}/report`);
  await expectCompactRadios(admin.getByRole('group', { name: 'What is wrong with it?' }));

  await admin.goto('/admin/settings');
  await expectCompactRadios(admin.getByRole('group', { name: 'New articles take responses' }));

  await admin.goto('/moderation?tab=all');
  await admin.getByLabel('Article').selectOption({ label: `2010-08-18: ${OPEN.title}` });
  await admin.getByRole('button', { name: 'Show' }).click();
  await expect(admin).toHaveURL(/article=\d+/);
  await expectCompactRadios(admin.getByRole('group', { name: `Responses to “${OPEN.title}”` }));
  await expectCompactRadios(admin.getByRole('group', { name: 'With the selected responses' }));
  const item = admin.locator(`#item-${id}`);
  await item.getByText('Suspend or ban Lee Layout…').click();
  await expectCompactRadios(item.getByRole('group', { name: 'What to do' }));
  await expectAccessible(admin);
});

test('every staff page fits a 375 px screen; wide tables scroll in their own labelled box', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const id = await postedResponse(page);
  const admin = await staffPage(browser, 'admin');
  await admin.setViewportSize(PHONE);
  // Something in the log besides the start-up role changes.
  await admin.goto(`/moderation?tab=all`);
  await admin.locator(`#item-${id}`).getByRole('button', { name: 'Feature' }).click();
  await expect(admin).toHaveURL(/done=featured/);

  const pages = [
    '/moderation',
    '/moderation?tab=all',
    `/moderation?tab=all&article=${await articleIdOf(admin)}`,
    '/moderation/log',
    '/admin/settings',
    `/admin/people?q=${encodeURIComponent('example.org')}`,
  ];
  for (const path of pages) {
    await admin.goto(path);
    // The closed parts (reject, suspend) open in place, so measure them open.
    await admin.locator('details').evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
    const width = await admin.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `the page width of ${path}`).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(admin);
  }
  // The wide tables scroll inside their own box, named like the table.
  for (const [path, name] of [
    ['/moderation/log', 'Latest entries'],
    [`/admin/people?q=${encodeURIComponent('example.org')}`, 'Staff'],
  ] as const) {
    await admin.goto(path);
    const box = admin.getByRole('region', { name });
    expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth), `${name} scrolls in its box`).toBe(true);
  }
});

/** The open fixture article's id, as the queue's article filter knows it. */
async function articleIdOf(page: Page): Promise<string> {
  await page.goto('/moderation');
  const option = page.getByLabel('Article').locator('option', { hasText: OPEN.title });
  return (await option.getAttribute('value'))!;
}
