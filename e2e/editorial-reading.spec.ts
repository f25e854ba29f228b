import { expect, test, type APIResponse } from '@playwright/test';
import { CACHE_CHANNEL } from '@/lib/cache/tags';
import { expectAccessible } from './axe';
import { EDITORIAL_READING } from './editorial-reading-fixtures';
import { e2eDatabaseUrl } from './servers';

// What readers meet of the editors' work (states made by e2e/editorial-reading-fixtures.ts): an unpublished
// article answers 410 Gone with its note and is listed nowhere; old addresses redirect permanently (308).

const { issueDate, oldIssueDate, withdrawn, renamed } = EDITORIAL_READING;
// The last test publishes the withdrawn article for a moment: the others must not run meanwhile.
test.describe.configure({ mode: 'serial' });
const ISSUE = `/issues/${issueDate}`;

test('an unpublished article answers 410 with its title, the note and ways on, and is listed nowhere @no-js', async ({ page, request }) => {
  const response = await page.goto(`${ISSUE}/${withdrawn.slug}`);
  expect(response!.status()).toBe(410);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(withdrawn.title);
  await expect(page.getByText(withdrawn.note)).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`${withdrawn.title} \\(withdrawn\\)`));
  await expectAccessible(page);
  // Twice: the second view comes from the cache, with the same status.
  expect((await request.get(`${ISSUE}/${withdrawn.slug}`)).status()).toBe(410);

  await page.getByRole('link', { name: /Read the rest of the briefing of/ }).click();
  await expect(page).toHaveURL(new RegExp(`${ISSUE}$`));
  await expect(page.getByRole('link', { name: 'An open table on allotments' })).toBeVisible();
  await expect(page.getByText(withdrawn.title)).toHaveCount(0);

  for (const path of ['/feed.xml', '/sitemap.xml']) {
    const text = await (await request.get(path)).text();
    expect(text, path).toContain(renamed.slug);
    expect(text, path).not.toContain(withdrawn.slug);
  }
});

/** Where a redirect leads: the paths of its Location headers, once each (Next 16.4 may send the same one twice). */
function locations(response: APIResponse): string[] {
  const values = response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === 'location')
    .map((header) => new URL(header.value, 'http://x').pathname);
  return [...new Set(values)];
}

test('an old article address and an old issue date redirect permanently to where they are now', async ({ request }) => {
  const article = await request.get(`${ISSUE}/${renamed.oldSlug}`, { maxRedirects: 0 });
  expect(article.status()).toBe(308);
  expect(locations(article)).toEqual([`${ISSUE}/${renamed.slug}`]);

  const issue = await request.get(`/issues/${oldIssueDate}`, { maxRedirects: 0 });
  expect(issue.status()).toBe(308);
  expect(locations(issue)).toEqual([ISSUE]);

  // An address that never was anything is still not found.
  expect((await request.get(`${ISSUE}/never-an-article`, { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get('/issues/2010-08-04', { maxRedirects: 0 })).status()).toBe(404);
});

test('on PostgreSQL, an article unpublished or published again by another process answers accordingly at once @postgres', async ({
  request,
}, testInfo) => {
  test.skip(testInfo.project.metadata.server !== 'postgres' || Boolean(testInfo.project.metadata.noJs));
  const { Client } = await import('pg');
  const client = new Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  // As another instance's command would: the change, then its tags announced on the cache bus.
  const setStatus = async (status: string) => {
    const { rows } = await client.query<{ id: number }>('update articles set status = $1 where slug = $2 returning id', [
      status,
      withdrawn.slug,
    ]);
    await client.query('select pg_notify($1, $2)', [CACHE_CHANNEL, JSON.stringify([`article:${rows[0]!.id}`])]);
  };
  const statusOf = async () => (await request.get(`${ISSUE}/${withdrawn.slug}`)).status();
  try {
    await setStatus('published');
    await expect.poll(statusOf, { timeout: 5_000 }).toBe(200);
    await setStatus('unpublished');
    await expect.poll(statusOf, { timeout: 5_000 }).toBe(410);
  } finally {
    await client.end();
  }
});
