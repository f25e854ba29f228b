import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { reachFor } from './intent';

// The reader's path through the briefing, with JavaScript on and (tagged @no-js) off: every step is a plain
// link or GET form, and every page is checked with axe.

const ISSUE = '/issues/2010-09-15';
const ARTICLE = `${ISSUE}/we-should-value-local-diversity`;
const TITLE = 'We should value local diversity';

test('home → archive → issue → article → author → search @no-js', async ({ page }) => {
  test.slow(); // six pages, each rendered for the first time and checked by axe, on a machine shared with the other project
  await page.goto('/');
  await expect(page).toHaveTitle(/latest issue, 15 September 2010/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('15 September 2010');
  await expect(page.getByRole('link', { name: TITLE })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Archive' }).click();
  await expect(page).toHaveURL(/\/issues$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Archive' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '2010' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: '15 September 2010' }).click();
  await expect(page).toHaveURL(new RegExp(`${ISSUE}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('15 September 2010');
  await expectAccessible(page);

  await page.getByRole('link', { name: TITLE }).click();
  await expect(page).toHaveURL(new RegExp(`${ARTICLE}$`));
  const article = page.getByRole('article');
  await expect(article.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(article.locator('.standfirst')).toContainText('All too often a successful local project');
  await expect(article.getByText('we would like to hear from you')).toBeVisible();
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/issues\/2010-09-15\/we-should-value-local-diversity$/);
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
  expect(jsonLd).toMatchObject({ '@type': 'Article', headline: TITLE, author: { '@type': 'Person', name: 'Stian Westlake' } });
  await expectAccessible(page);

  // The closing invitation leads to the place where responses go.
  await article.getByRole('link', { name: 'Respond to this article' }).click();
  await expect(page).toHaveURL(/#respond$/);
  await expect(page.getByRole('region', { name: 'Respond' })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Responses/ })).toBeVisible();

  await article.getByRole('link', { name: 'Stian Westlake' }).first().click();
  await expect(page).toHaveURL(/\/authors\/stian-westlake$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Stian Westlake');
  await expect(page.getByRole('link', { name: TITLE })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
  await page.getByRole('main').getByRole('searchbox', { name: 'Search the briefing' }).fill('localism finance');
  await page.getByRole('main').getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/search\?q=localism\+finance/);
  await expect(page.getByRole('status')).toContainText('1 article matches “localism finance”');
  const result = page.getByRole('main').getByRole('listitem').first();
  await expect(result.getByRole('link', { name: TITLE })).toBeVisible();
  await expect(result.locator('mark').first()).toBeVisible();
  await expectAccessible(page);
});

test('unknown and malformed addresses get helpful pages, never an error @no-js', async ({ page }) => {
  const unknown = await page.goto('/issues/2011-01-05');
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We can’t find that page');
  await expect(page.getByRole('link', { name: 'Browse every issue in the archive' })).toBeVisible();
  await expectAccessible(page);

  expect((await page.goto(`${ISSUE}/no-such-article`))?.status()).toBe(404);
  expect((await page.goto('/authors/nobody-here'))?.status()).toBe(404);
  expect((await page.goto('/issues/2010-02-30'))?.status()).toBe(404);
  // Ids too large for the database are simply not there (not a database error).
  expect((await page.goto('/responses/9999999999/reply'))?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We can’t find that page');
  expect((await page.goto(`${ARTICLE}/responses/oldest/2147483648`))?.status()).toBe(404);

  const malformed = await page.goto('/issues/yesterday');
  expect(malformed?.status()).toBe(400);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('That address is not one of ours');
  await expect(page.getByRole('main')).toContainText('“yesterday” is not an issue date');
  await expectAccessible(page);

  expect((await page.goto(`${ISSUE}/Not_A_Slug`))?.status()).toBe(400);
  // The explanation page answers only for the proxy, never to a direct request, whatever it claims.
  await page.setExtraHTTPHeaders({ 'x-briefings-address-problem': JSON.stringify({ kind: 'date', value: 'Call 0800 000 000' }) });
  expect((await page.goto('/bad-address'))?.status()).toBe(404);
  await expect(page.getByRole('main')).not.toContainText('0800');
  await page.setExtraHTTPHeaders({});
  expect((await page.goto('/authors/%3Cscript%3E'))?.status()).toBe(400);
  await expect(page.getByRole('main')).toContainText('“<script>” is not an author name');
});

test('search is safe and helpful with any text @no-js', async ({ page }) => {
  for (const query of [
    '<script>alert(1)</script>',
    "'; drop table articles; --",
    '"unclosed',
    '&|!():*',
    'النشرة',
    '🙂',
    'x'.repeat(500),
  ]) {
    const response = await page.goto(`/search?q=${encodeURIComponent(query)}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByRole('status')).toContainText('No articles match');
  }
  await expect(page.getByRole('status')).toContainText('Only the first 200 characters');
  await expectAccessible(page);
  // A NUL byte or bytes that are not UTF-8 are answered with what is wrong, not searched (nor a 500).
  for (const [query, message] of [
    ['%00localism', 'Your search contains a NUL character'],
    ['local%FFism', 'Part of your search could not be read'],
  ]) {
    const response = await page.goto(`/search?q=${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByRole('main').getByRole('alert')).toContainText(message!);
  }
  await expectAccessible(page);
});

test('the feed carries full articles, and sitemap and robots list the site', async ({ request }) => {
  const feed = await request.get('/feed.xml');
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('application/rss+xml');
  const xml = await feed.text();
  expect(xml).toContain('<rss version="2.0"');
  expect(xml).toContain(`<title><![CDATA[${TITLE}]]></title>`);
  expect(xml).toMatch(/<content:encoded><!\[CDATA\[[\s\S]*R&amp;D lab for the centre[\s\S]*we would like to hear from you/);
  expect(xml).toContain('/issues/2010-09-15/we-should-value-local-diversity</link>');

  const sitemap = await (await request.get('/sitemap.xml')).text();
  expect(sitemap).toContain('/issues/2010-09-15/we-should-value-local-diversity</loc>');
  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toMatch(/Sitemap: http:\/\/localhost:\d+\/sitemap.xml/);
});

test('reading pages are served from the cache, with headers a CDN can use', async ({ request }) => {
  // An author page: its cache entry is expired only by a change to the author's articles — the article page is
  // expired by every response posted to it, and other tests post to it at the same time.
  const AUTHOR = '/authors/stian-westlake';
  // (The editorial specs publish issues meanwhile, which may expire it with the lists it shares tags with: asked again
  // until a second request in a row is served from the cache, which it never is when caching is broken.)
  await expect(async () => {
    await request.get(AUTHOR);
    const cached = await request.get(AUTHOR);
    expect(cached.headers()['x-nextjs-cache']).toBe('HIT');
    expect(cached.headers()['cache-control']).toMatch(/s-maxage=\d+/);
  }).toPass({ timeout: 30_000 });
  expect((await request.get(ARTICLE)).headers()['cache-control']).toMatch(/s-maxage=\d+/);
  const search = await request.get('/search?q=localism');
  expect(search.headers()['cache-control']).toMatch(/no-store|private/);
});

test('a reading page fetches nothing for the links in view, and a link still opens its page without a reload', async ({ page }) => {
  const prefetched: string[] = [];
  page.on('request', (request) => {
    if (request.headers()['next-router-prefetch']) prefetched.push(request.url());
  });
  await page.goto('/issues');
  await reachFor(page);
  await page.waitForLoadState('networkidle');
  // The archive shows fifty issues: with Next's prefetching, each link in view was fetched once the page was idle.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState('networkidle');
  expect(prefetched).toEqual([]);

  // Client-side navigation is kept: the window's state survives the click (a full load would reset it).
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await page.getByRole('link', { name: 'Latest issue' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/$|\/issues\/\d{4}-\d{2}-\d{2}$/);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});

test('a reading page starts no script until the reader reaches for it, by key or pointer; then it runs as before', async ({ page }) => {
  const scripts: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(ARTICLE);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState('networkidle');
  // Loaded and scrolled through: read whole, and not one script fetched or run.
  expect(scripts).toEqual([]);
  await expect(page.locator('script[src]')).toHaveCount(0);

  // The first key (Tab to the skip link) starts them; React hydrates the page and its forms ask who is looking.
  const askedWho = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/subscribe/status');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await askedWho;
  expect(scripts.length).toBeGreaterThan(0);
  await page.waitForFunction(() => Object.keys(document.querySelector('main') ?? {}).some((key) => key.startsWith('__reactFiber$')));
  expect(problems).toEqual([]);
});
