import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { IncrementalCache } from 'next/dist/server/lib/incremental-cache';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { articles, authors, issues } from '@/db/schema';
import ArchivePage from '@/app/(reader)/issues/before/[cursor]/page';
import ArticlePage, { generateMetadata as articleMetadata } from '@/app/(reader)/issues/[date]/[slug]/page';
import { ResponsesPage } from '@/app/(reader)/issues/[date]/[slug]/responses/view';
import IssuePage, { generateMetadata as issueMetadata } from '@/app/(reader)/issues/[date]/page';
import AuthorPage from '@/app/(reader)/authors/[slug]/page';
import { GET as feed } from '@/app/feed.xml/route';
import sitemap from '@/app/sitemap';
import { importIssueFiles } from '@/lib/issues/import';
import { withFreshDatabase } from '@/test/database';
import { announceChanged, listenForChanges } from './bus';
import MemoryCacheHandler, { cacheStore, clearCache } from './handler';
import { tagsForArticleChange, tagsForArticleModeChange, tagsForAuthorChange, tagsForImport, tagsForResponsesChange } from './tags';

/**
 * The cache end to end, short of HTTP: the app's own pages and routes read through Next's real unstable_cache and
 * IncrementalCache into lib/cache/handler.ts, each page stored under the tags its reads collected (as Next does
 * for an ISR render); writes announce their tags on the database's channel, and the listener (lib/cache/bus.ts)
 * expires them. Then we ask the handler which pages are still cached. This leans on Next's internal modules for
 * the render's stores: an upgrade that moves them breaks this test loudly, never silently.
 */

// What Next's server sets up before loading its modules: the render's stores are AsyncLocalStorage.
vi.hoisted(() => {
  const { AsyncLocalStorage } = process.getBuiltinModule('node:async_hooks');
  Object.assign(globalThis, { AsyncLocalStorage });
});

vi.mock('next/cache', async () => ({
  ...(await import('next/dist/server/web/spec-extension/unstable-cache')),
  updateTag: vi.fn(),
  revalidateTag: vi.fn(),
}));

process.env.SITE_URL = 'http://localhost:3000';

const { connection } = withFreshDatabase();
const db = () => connection().db;

const A = '2010-09-01';
const B = '2010-09-15'; // the newest, so the home page
const C = '2010-09-29';

let tmp: string;

/** An issue file: each article as [title, author]. */
function issueFile(date: string, items: [title: string, author: string, body?: string][]): string {
  const file = path.join(tmp, `briefing-${date}.txt`);
  const text = items
    .map(([title, author, body = `What ${title} says.`]) => `${title}\n\nThe standfirst of ${title}.\n\n${author}\n\n${body}`)
    .join('\n\n---\n\n');
  fs.writeFileSync(file, `${date}\n\n${text}\n`);
  return file;
}

const ISSUE_A: [string, string][] = [
  ['Alpha one', 'Ada Author'],
  ['Alpha two', 'Bea Author'],
];
const ISSUE_B: [string, string, string?][] = [
  ['Beta one', 'Cy Author'],
  ['Beta two', 'Ada Author'],
];

/** Every page of the site there is, with the app's own code that renders it. */
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const PAGES: Record<string, () => Promise<unknown>> = {
  '/': () => Promise.all([IssuePage(params({ date: 'latest' })), issueMetadata(params({ date: 'latest' }))]),
  [`/issues/${A}`]: () => IssuePage(params({ date: A })),
  [`/issues/${B}`]: () => IssuePage(params({ date: B })),
  [`/issues/${A}/alpha-one`]: () =>
    Promise.all([ArticlePage(params({ date: A, slug: 'alpha-one' })), articleMetadata(params({ date: A, slug: 'alpha-one' }))]),
  [`/issues/${A}/alpha-two`]: () => ArticlePage(params({ date: A, slug: 'alpha-two' })),
  [`/issues/${B}/beta-one`]: () => ArticlePage(params({ date: B, slug: 'beta-one' })),
  [`/issues/${B}/beta-two`]: () => ArticlePage(params({ date: B, slug: 'beta-two' })),
  [`/issues/${A}/alpha-one/responses/newest`]: () => ResponsesPage(params({ date: A, slug: 'alpha-one', order: 'newest' })),
  [`/issues/${B}/beta-one/responses/newest`]: () => ResponsesPage(params({ date: B, slug: 'beta-one', order: 'newest' })),
  '/issues': () => ArchivePage(params({ cursor: 'now' })),
  '/authors/ada-author': () => AuthorPage(params({ slug: 'ada-author' })),
  '/authors/bea-author': () => AuthorPage(params({ slug: 'bea-author' })),
  '/authors/cy-author': () => AuthorPage(params({ slug: 'cy-author' })),
  '/feed.xml': () => feed(),
  '/sitemap.xml': () => sitemap(),
};

let incrementalCache: IncrementalCache;
const handler = new MemoryCacheHandler();

/**
 * Renders a page as Next does an ISR page — its reads in a prerender store that collects their tags — and stores it
 * under those tags. Returns the tags.
 */
async function render(page: string): Promise<string[]> {
  expect(await handler.get(page, {})).toBeNull(); // the miss that starts a render
  const work = { route: page, incrementalCache, isOnDemandRevalidate: false, isDraftMode: false, nextFetchId: 1, pendingRevalidates: {} };
  const unit = { type: 'prerender-legacy', tags: null as string[] | null, revalidate: 300, implicitTags: undefined };
  await workAsyncStorage.run(work as never, () => workUnitAsyncStorage.run(unit as never, PAGES[page]!));
  await Promise.all(Object.values(work.pendingRevalidates));
  const tags = unit.tags ?? [];
  const stored = { kind: 'APP_PAGE', html: page, headers: { 'x-next-cache-tags': tags.join(',') }, status: 200 };
  await handler.set(page, stored, {});
  return tags;
}

/** Renders every page that is not cached now. */
async function renderAll(): Promise<Record<string, string[]>> {
  const rendered: Record<string, string[]> = {};
  for (const page of Object.keys(PAGES)) if (!(await cachedNow(page))) rendered[page] = await render(page);
  return rendered;
}

async function cachedNow(page: string): Promise<boolean> {
  return cacheStore().entries.has(page) && (await handler.get(page, {})) !== null;
}

/** The pages a write expired: those no longer cached. */
async function expiredPages(): Promise<string[]> {
  const expired = [];
  for (const page of Object.keys(PAGES)) if (!(await cachedNow(page))) expired.push(page);
  return expired;
}

let sentinels = 0;
/** Waits until the listener has heard every announcement committed so far (they arrive in commit order). */
async function settle(): Promise<void> {
  const sentinel = `settled-${++sentinels}`;
  await announceChanged(db(), [sentinel]);
  for (const deadline = Date.now() + 10_000; !cacheStore().expiredAt.has(sentinel);) {
    if (Date.now() > deadline) throw new Error(`The listener did not hear ${sentinel} within 10 s.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // An entry counts from the millisecond its render started, and a tag expired in that same millisecond makes it
  // stale: keep renders after this apart from the expiries before.
  await new Promise((resolve) => setTimeout(resolve, 5));
}

async function idOf(table: typeof articles | typeof authors, slug: string): Promise<number> {
  const [row] = await db().select({ id: table.id }).from(table).where(eq(table.slug, slug));
  return row!.id;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-cached-pages-'));
  clearCache();
  incrementalCache = new IncrementalCache({
    dev: false,
    minimalMode: false,
    requestHeaders: {},
    fetchCacheKeyPrefix: '',
    CurCacheHandler: MemoryCacheHandler,
    previewProps: { previewModeId: 'test', previewModeEncryptionKey: '', previewModeSigningKey: '' },
    prerenderManifest: { version: 4, routes: {}, dynamicRoutes: {}, notFoundRoutes: [], preview: {} },
  } as never);
  (globalThis as { __incrementalCache?: IncrementalCache }).__incrementalCache = incrementalCache;
  await listenForChanges(connection());
  await importIssueFiles(db(), [issueFile(A, ISSUE_A), issueFile(B, ISSUE_B)]);
  await settle();
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeEach(async () => {
  await renderAll();
  expect(await expiredPages()).toEqual([]);
});

describe('pages in the cache', () => {
  it('are stored under the tags of what they show, of the kinds that writes expire', async () => {
    const alphaOne = await idOf(articles, 'alpha-one');
    const [issueA] = await db().select({ id: issues.id }).from(issues).where(eq(issues.date, A));
    clearCache();
    const stored = await renderAll();
    expect(stored[`/issues/${A}/alpha-one`]!.sort()).toEqual(
      [`article:${alphaOne}`, `issue:${issueA!.id}`, `responses:${alphaOne}`].sort(),
    );
    expect(stored[`/issues/${A}`]!.sort()).toEqual([`issue:${issueA!.id}`, 'issue-dates', 'response-counts'].sort());

    const kinds = (tags: string[]) => [...new Set(tags.map((tag) => tag.split(':')[0]))].sort();
    const written = [
      ...tagsForArticleChange({ articleId: 1, issueId: 1, authorIds: [1] }),
      ...tagsForArticleModeChange(1),
      ...tagsForAuthorChange({ authorId: 1, issueIds: [1] }),
      ...tagsForImport({ issues: [{ issueId: 1, authorIds: [1], datesChanged: true }], renamedAuthors: [] }),
      ...tagsForResponsesChange([1], true),
    ];
    expect(kinds(Object.values(stored).flat())).toEqual(kinds(written));
  });
});

describe('a write expires the pages that showed what it changed, and no others', () => {
  it('an article changed: its pages, its issue’s, its author’s, the archive, the feed and the sitemap; not another issue’s', async () => {
    const [alphaOne] = await db()
      .select({ articleId: articles.id, issueId: articles.issueId, authorId: articles.authorId })
      .from(articles)
      .where(eq(articles.slug, 'alpha-one'));
    // As the editorial admin will: the write and its announcement in one transaction.
    await db().transaction(async (tx) => {
      await tx.update(articles).set({ title: 'Alpha one, revised' }).where(eq(articles.id, alphaOne!.articleId));
      await announceChanged(tx, tagsForArticleChange({ ...alphaOne!, authorIds: [alphaOne!.authorId] }));
    });
    await settle();
    expect(await expiredPages()).toEqual([
      `/issues/${A}`,
      `/issues/${A}/alpha-one`,
      `/issues/${A}/alpha-two`, // "Also in this issue" names it
      `/issues/${A}/alpha-one/responses/newest`,
      '/issues',
      '/authors/ada-author',
      '/feed.xml',
      '/sitemap.xml',
    ]);
  });

  it('an article’s responses mode: its own pages, and the sitemap', async () => {
    const betaOne = await idOf(articles, 'beta-one');
    await db().transaction(async (tx) => {
      await tx.update(articles).set({ responsesMode: 'closed', updatedAt: new Date() }).where(eq(articles.id, betaOne));
      await announceChanged(tx, tagsForArticleModeChange(betaOne));
    });
    await settle();
    expect(await expiredPages()).toEqual([`/issues/${B}/beta-one`, `/issues/${B}/beta-one/responses/newest`, '/sitemap.xml']);
  });

  it('a response: its article’s pages, and where counts show, the issue and archive pages', async () => {
    const betaOne = await idOf(articles, 'beta-one');
    await announceChanged(db(), tagsForResponsesChange([betaOne], true));
    await settle();
    expect(await expiredPages()).toEqual([
      '/',
      `/issues/${A}`,
      `/issues/${B}`,
      `/issues/${B}/beta-one`,
      `/issues/${B}/beta-one/responses/newest`,
      '/issues',
    ]);
  });

  it('a re-import that changes one article of the newest issue: that issue (the home page too), not the other', async () => {
    ISSUE_B[0] = ['Beta one', 'Cy Author', 'What Beta one says now.'];
    await importIssueFiles(db(), [issueFile(B, ISSUE_B)]);
    await settle();
    expect(await expiredPages()).toEqual([
      '/',
      `/issues/${B}`,
      `/issues/${B}/beta-one`,
      `/issues/${B}/beta-two`,
      `/issues/${B}/beta-one/responses/newest`,
      '/issues',
      '/authors/cy-author',
      '/feed.xml',
      '/sitemap.xml',
    ]);
  });

  it('an unchanged re-import: nothing', async () => {
    await importIssueFiles(db(), [issueFile(B, ISSUE_B)]);
    await settle();
    expect(await expiredPages()).toEqual([]);
  });

  it('an author renamed by an import: every page with their byline, in both issues, and theirs', async () => {
    const [ada] = await db().select({ id: authors.id }).from(authors).where(eq(authors.slug, 'ada-author'));
    await db().update(authors).set({ name: 'Ada Autor' }).where(eq(authors.id, ada!.id)); // as an earlier import spelled her
    await importIssueFiles(db(), [issueFile(B, ISSUE_B)]);
    await settle();
    expect(await expiredPages()).toEqual([
      '/',
      `/issues/${A}`,
      `/issues/${B}`,
      `/issues/${A}/alpha-one`,
      `/issues/${A}/alpha-two`,
      `/issues/${B}/beta-one`,
      `/issues/${B}/beta-two`,
      `/issues/${A}/alpha-one/responses/newest`,
      `/issues/${B}/beta-one/responses/newest`,
      '/issues',
      '/authors/ada-author',
      '/feed.xml',
    ]);
  });

  it('a new issue: the home page, every issue page (their next and previous), the lists, its authors; no article page', async () => {
    await importIssueFiles(db(), [issueFile(C, [['Gamma one', 'Cy Author']])]);
    await settle();
    expect(await expiredPages()).toEqual([
      '/',
      `/issues/${A}`,
      `/issues/${B}`,
      '/issues',
      '/authors/cy-author',
      '/feed.xml',
      '/sitemap.xml',
    ]);
    const [newest] = await db()
      .select({ date: issues.date })
      .from(issues)
      .where(and(eq(issues.status, 'published'), eq(issues.date, C)));
    expect(newest).toEqual({ date: C });
  });
});
