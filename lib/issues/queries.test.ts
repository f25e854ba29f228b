import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { articles, authors, issues, type IssueStatus } from '@/db/schema';
import { withFreshDatabase } from '@/test/database';
import { importIssueFiles } from './import';
import {
  ARCHIVE_PAGE_SIZE,
  AUTHOR_PAGE_SIZE,
  getArchivePage,
  getArticle,
  getAuthorPage,
  getIssue,
  listFeedArticles,
  listSitemapEntries,
} from './queries';
import { parseAuthorCursor } from './cursors';

const { connection } = withFreshDatabase();

const REAL = { date: '2010-09-15', slug: 'we-should-value-local-diversity', title: 'We should value local diversity' };
const ADA_BIO = 'Mathematician.\n\nWrote the first program.';
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The data every test reads (none writes):
 * - the real issue (2010-09-15), imported from content/;
 * - 2010-09-01, published, two articles inserted in reverse position order;
 * - in it too, a draft article (Ada's) and an unpublished one (the only article of an author): never shown;
 * - 2010-10-13, published, the newest;
 * - 2010-09-29 (draft) and 2010-11-24 (scheduled), between and after those: never shown;
 * - an archive of 120 published issues, fortnightly from 2005-01-05 (all older than 2010-09-01), one article each,
 *   plus a second one in every tenth issue (the 9th, 19th, …); Ada Lovelace writes the even ones and every second
 *   article: with her article of 2010-09-01, 73 in all, two of them sharing a date across her page boundary.
 */
const ARCHIVE_COUNT = 120;
const ARCHIVE_START = '2005-01-05';
const HIDDEN = [
  { date: '2010-09-29', status: 'draft' as const, slug: 'a-draft-article' },
  { date: '2010-11-24', status: 'scheduled' as const, slug: 'a-scheduled-article' },
  { date: '2007-01-04', status: 'draft' as const, slug: 'an-old-draft' },
];

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Articles of a published issue (2010-09-01) that readers must not see. */
const HIDDEN_ARTICLES = [
  { slug: 'a-draft-in-september', status: 'draft' as const, publishedAt: null },
  { slug: 'withdrawn-in-september', status: 'unpublished' as const, publishedAt: new Date('2010-09-01T08:00:00Z') },
];
const hiddenSlugs = [...HIDDEN.map((hidden) => hidden.slug), ...HIDDEN_ARTICLES.map((hidden) => hidden.slug)];

const archiveDates = Array.from({ length: ARCHIVE_COUNT }, (_, i) => addDays(ARCHIVE_START, 14 * i));
/** Ada's published articles, as the author page should list them: newest issue first, then newest id. */
let adaArticles: { date: string; slug: string; id: number }[] = [];

function article(slug: string, title: string, authorId: number) {
  return {
    slug,
    title,
    standfirst: `Standfirst of ${title}.`,
    body: `Body of ${title}.\n\nSecond paragraph.`,
    invitation: `Respond to ${title}.`,
    authorId,
    status: 'published' as const,
    publishedAt: new Date('2010-01-01T08:00:00Z'),
  };
}

beforeAll(async () => {
  const { db } = connection();
  await importIssueFiles(db, [path.join(process.cwd(), 'content', 'briefing-2010-09-15.txt')]);
  const [ada, charles] = await db
    .insert(authors)
    .values([
      { slug: 'ada-lovelace', name: 'Ada Lovelace', bio: ADA_BIO },
      { slug: 'charles-babbage', name: 'Charles Babbage' },
    ])
    .returning({ id: authors.id });

  const insertIssue = async (date: string, status: IssueStatus) => {
    const [row] = await db
      .insert(issues)
      .values({
        date,
        status,
        publishedAt: status === 'published' ? new Date(`${date}T08:00:00Z`) : null,
        scheduledFor: status === 'scheduled' ? new Date('2030-01-01T08:00:00Z') : null,
      })
      .returning({ id: issues.id });
    return row!.id;
  };

  const early = await insertIssue('2010-09-01', 'published');
  // Position 2 first, so that id order and position order disagree.
  await db.insert(articles).values([
    { ...article('second-of-september', 'Second of September', charles!.id), issueId: early, position: 2 },
    { ...article('first-of-september', 'First of September', ada!.id), issueId: early, position: 1 },
  ]);
  const [withdrawnAuthor] = await db
    .insert(authors)
    .values({ slug: 'only-withdrawn', name: 'Only Withdrawn' })
    .returning({ id: authors.id });
  await db.insert(articles).values(
    HIDDEN_ARTICLES.map(({ slug, status, publishedAt }, index) => ({
      ...article(slug, `Hidden ${slug}`, status === 'draft' ? ada!.id : withdrawnAuthor!.id),
      status,
      publishedAt,
      issueId: early,
      position: 3 + index,
    })),
  );
  const newest = await insertIssue('2010-10-13', 'published');
  await db.insert(articles).values({ ...article('october-thoughts', 'October thoughts', charles!.id), issueId: newest, position: 1 });
  // An author whose only article is in a draft issue: no public page yet.
  const [unpublished] = await db
    .insert(authors)
    .values({ slug: 'not-yet-published', name: 'Not Yet Published' })
    .returning({ id: authors.id });
  for (const hidden of HIDDEN) {
    const id = await insertIssue(hidden.date, hidden.status);
    const author = hidden.slug === 'a-draft-article' ? unpublished! : ada!;
    await db.insert(articles).values({ ...article(hidden.slug, `Hidden ${hidden.slug}`, author.id), issueId: id, position: 1 });
  }

  const archive = await db
    .insert(issues)
    .values(archiveDates.map((date) => ({ date, status: 'published' as const, publishedAt: new Date(`${date}T08:00:00Z`) })))
    .returning({ id: issues.id, date: issues.date });
  const rows = archive.flatMap(({ id, date }, i) => [
    { ...article(`archive-${date}`, `Archive ${date}`, i % 2 === 0 ? ada!.id : charles!.id), issueId: id, position: 1 },
    ...(i % 10 === 8 ? [{ ...article(`archive-${date}-more`, `More ${date}`, ada!.id), issueId: id, position: 2 }] : []),
  ]);
  const inserted = await db
    .insert(articles)
    .values(rows)
    .returning({ id: articles.id, issueId: articles.issueId, slug: articles.slug, authorId: articles.authorId });
  const dateOf = new Map(archive.map(({ id, date }) => [id, date]));
  adaArticles = inserted
    .filter((row) => row.authorId === ada!.id)
    .map((row) => ({ date: dateOf.get(row.issueId)!, slug: row.slug, id: row.id }));
  const [first] = await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, 'first-of-september'));
  adaArticles.push({ date: '2010-09-01', slug: 'first-of-september', id: first!.id });
  adaArticles.sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
});

describe('getIssue', () => {
  it('latest is the newest published issue, skipping a newer scheduled one', async () => {
    const issue = await getIssue('latest');
    expect(issue).toMatchObject({ date: '2010-10-13', isDemo: false, newer: undefined, older: '2010-09-15' });
    expect(issue!.articles.map((a) => a.slug)).toEqual(['october-thoughts']);
  });

  it('an issue by date, with its articles and its published neighbours', async () => {
    const issue = await getIssue(REAL.date);
    expect(issue).toEqual({
      date: REAL.date,
      isDemo: false,
      newer: '2010-10-13', // not the draft of 2010-09-29
      older: '2010-09-01',
      articles: [
        {
          id: expect.any(Number),
          slug: REAL.slug,
          title: REAL.title,
          standfirst: expect.stringMatching(/^All too often/),
          author: { slug: 'stian-westlake', name: 'Stian Westlake' },
        },
      ],
    });
  });

  it('lists its published articles in position order, not insertion order', async () => {
    const issue = await getIssue('2010-09-01');
    // Not its draft or unpublished article.
    expect(issue!.articles.map((a) => [a.slug, a.author.name])).toEqual([
      ['first-of-september', 'Ada Lovelace'],
      ['second-of-september', 'Charles Babbage'],
    ]);
    expect(issue!.newer).toBe(REAL.date);
    expect(issue!.older).toBe(archiveDates.at(-1));
  });

  it('the oldest issue has no older neighbour', async () => {
    const issue = await getIssue(ARCHIVE_START);
    expect(issue).toMatchObject({ date: ARCHIVE_START, older: undefined, newer: archiveDates[1] });
  });

  it('an unknown date is null', async () => {
    expect(await getIssue('2010-09-16')).toBeNull();
    expect(await getIssue('1999-01-01')).toBeNull();
  });

  it('never returns a draft or scheduled issue', async () => {
    for (const hidden of HIDDEN) expect(await getIssue(hidden.date)).toBeNull();
  });
});

describe('getArticle', () => {
  it('returns the article with its issue, author and siblings in order', async () => {
    const article = await getArticle('2010-09-01', 'second-of-september');
    expect(article).toEqual({
      id: expect.any(Number),
      responsesNote: null,
      slug: 'second-of-september',
      title: 'Second of September',
      standfirst: 'Standfirst of Second of September.',
      body: 'Body of Second of September.\n\nSecond paragraph.',
      invitation: 'Respond to Second of September.',
      responsesMode: 'open',
      author: { slug: 'charles-babbage', name: 'Charles Babbage' },
      issue: { date: '2010-09-01', isDemo: false, publishedAt: '2010-09-01T08:00:00.000Z' },
      updatedAt: expect.stringMatching(ISO_TIME),
      siblings: [
        { slug: 'first-of-september', title: 'First of September' },
        { slug: 'second-of-september', title: 'Second of September' },
      ],
    });
  });

  it('the real article', async () => {
    const article = await getArticle(REAL.date, REAL.slug);
    expect(article).toMatchObject({
      title: REAL.title,
      author: { slug: 'stian-westlake', name: 'Stian Westlake' },
      issue: { date: REAL.date, publishedAt: '2010-09-15T00:00:00.000Z' },
      siblings: [{ slug: REAL.slug, title: REAL.title }],
    });
    expect(article!.invitation).toMatch(/we would like to hear from you\.$/);
  });

  it('an unknown slug, or a known slug under the wrong date, is null', async () => {
    expect(await getArticle(REAL.date, 'no-such-article')).toBeNull();
    expect(await getArticle('2010-09-01', REAL.slug)).toBeNull();
    expect(await getArticle('2010-09-16', REAL.slug)).toBeNull();
  });

  it('never returns an article of a draft or scheduled issue', async () => {
    for (const hidden of HIDDEN) expect(await getArticle(hidden.date, hidden.slug)).toBeNull();
  });

  it('never returns a draft or unpublished article of a published issue', async () => {
    for (const hidden of HIDDEN_ARTICLES) expect(await getArticle('2010-09-01', hidden.slug)).toBeNull();
  });
});

describe('getArchivePage', () => {
  const published = ['2010-10-13', REAL.date, '2010-09-01', ...archiveDates.toReversed()];

  it('walks every published issue exactly once, newest first, a page at a time', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page = await getArchivePage(cursor);
      pages.push(page.issues.map((issue) => issue.date));
      cursor = page.older;
      if (cursor) expect(cursor).toBe(page.issues.at(-1)!.date);
      expect(pages.length).toBeLessThan(10);
    } while (cursor);

    expect(published).toHaveLength(123);
    expect(pages.map((page) => page.length)).toEqual([ARCHIVE_PAGE_SIZE, ARCHIVE_PAGE_SIZE, 123 - 2 * ARCHIVE_PAGE_SIZE]);
    expect(pages.flat()).toEqual(published);
    for (const hidden of HIDDEN) expect(pages.flat()).not.toContain(hidden.date);
  });

  it('carries each issue’s articles in position order', async () => {
    const first = await getArchivePage(null);
    expect(first.issues[0]).toMatchObject({ date: '2010-10-13', isDemo: false });
    expect(first.issues[2]!.articles.map((a) => a.slug)).toEqual(['first-of-september', 'second-of-september']);
    const withTwo = first.issues.find((issue) => issue.date === archiveDates[118]);
    expect(withTwo!.articles.map((a) => [a.slug, a.author.slug])).toEqual([
      [`archive-${archiveDates[118]}`, 'ada-lovelace'],
      [`archive-${archiveDates[118]}-more`, 'ada-lovelace'],
    ]);
  });

  it('a cursor at or before the oldest issue gives an empty last page', async () => {
    expect(await getArchivePage(ARCHIVE_START)).toEqual({ issues: [], older: null });
  });
});

describe('getAuthorPage', () => {
  it('pages through an author’s published articles, newest first, each exactly once', async () => {
    expect(adaArticles).toHaveLength(73);
    expect(adaArticles.length).toBeGreaterThan(AUTHOR_PAGE_SIZE);

    const seen: { date: string; slug: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await getAuthorPage('ada-lovelace', cursor);
      expect(page!.author).toEqual({ slug: 'ada-lovelace', name: 'Ada Lovelace', bio: ADA_BIO });
      seen.push(...page!.articles.map(({ date, slug }) => ({ date, slug })));
      cursor = page!.older;
      if (cursor) {
        const parsed = parseAuthorCursor(cursor);
        expect(parsed?.date).toBe(page!.articles.at(-1)!.date);
        expect(adaArticles.find((a) => a.id === parsed!.id)?.slug).toBe(page!.articles.at(-1)!.slug);
      }
      expect(++pages).toBeLessThan(10);
    } while (cursor);

    expect(pages).toBe(2);
    expect(seen).toEqual(adaArticles.map(({ date, slug }) => ({ date, slug })));
    for (const slug of hiddenSlugs) expect(seen.map((a) => a.slug)).not.toContain(slug);
  });

  it('breaks ties on the same date by id, across a page boundary', async () => {
    // The 50th and 51st of Ada's articles share a date: the later-inserted one ends page one, the other starts page two.
    const shared = archiveDates[38]!;
    const first = await getAuthorPage('ada-lovelace', null);
    expect(first!.articles).toHaveLength(AUTHOR_PAGE_SIZE);
    expect(first!.articles.at(-1)).toMatchObject({ date: shared, slug: `archive-${shared}-more` });
    expect(first!.older).toMatch(new RegExp(`^${shared}\\.\\d+$`));
    const second = await getAuthorPage('ada-lovelace', first!.older);
    expect(second!.articles[0]).toMatchObject({ date: shared, slug: `archive-${shared}` });
    expect(second!.articles).toHaveLength(73 - AUTHOR_PAGE_SIZE);
    expect(second!.older).toBeNull();
  });

  it('the first page for an unreadable cursor, and null for an unknown author', async () => {
    const first = await getAuthorPage('ada-lovelace', null);
    expect(await getAuthorPage('ada-lovelace', 'not-a-cursor')).toEqual(first);
    expect(await getAuthorPage('nobody-at-all', null)).toBeNull();
    // Someone whose articles are all in drafts has no public page: their name must not leak before publication.
    expect(await getAuthorPage('not-yet-published', null)).toBeNull();
    // Nor someone whose only article was unpublished.
    expect(await getAuthorPage('only-withdrawn', null)).toBeNull();
  });

  it('an author with one article has one page', async () => {
    expect(await getAuthorPage('stian-westlake', null)).toEqual({
      author: { slug: 'stian-westlake', name: 'Stian Westlake', bio: '' },
      articles: [{ date: REAL.date, slug: REAL.slug, title: REAL.title, standfirst: expect.stringMatching(/^All too often/) }],
      older: null,
    });
  });
});

describe('listSitemapEntries', () => {
  it('lists every published article, newest issue first, in position order, with ISO times', async () => {
    const entries = await listSitemapEntries();
    // 1 real + 2 + 1 + 120 archive + 12 second articles.
    expect(entries).toHaveLength(136);
    expect(entries.slice(0, 4).map(({ date, slug }) => [date, slug])).toEqual([
      ['2010-10-13', 'october-thoughts'],
      [REAL.date, REAL.slug],
      ['2010-09-01', 'first-of-september'],
      ['2010-09-01', 'second-of-september'],
    ]);
    expect(entries.slice(-2).map(({ date, slug }) => [date, slug])).toEqual([
      [archiveDates[1], `archive-${archiveDates[1]}`],
      [ARCHIVE_START, `archive-${ARCHIVE_START}`],
    ]);
    for (const entry of entries) expect(entry.updatedAt).toMatch(ISO_TIME);
    for (const slug of hiddenSlugs) expect(entries.map((e) => e.slug)).not.toContain(slug);
  });
});

describe('listFeedArticles', () => {
  it('the newest articles up to the limit, with full text and ISO publication times', async () => {
    const feed = await listFeedArticles(5);
    expect(feed.map(({ date, slug }) => [date, slug])).toEqual([
      ['2010-10-13', 'october-thoughts'],
      [REAL.date, REAL.slug],
      ['2010-09-01', 'first-of-september'],
      ['2010-09-01', 'second-of-september'],
      [archiveDates.at(-1), `archive-${archiveDates.at(-1)}`],
    ]);
    expect(feed[0]).toEqual({
      date: '2010-10-13',
      publishedAt: '2010-10-13T08:00:00.000Z',
      slug: 'october-thoughts',
      title: 'October thoughts',
      standfirst: 'Standfirst of October thoughts.',
      body: 'Body of October thoughts.\n\nSecond paragraph.',
      invitation: 'Respond to October thoughts.',
      authorSlug: 'charles-babbage',
      authorName: 'Charles Babbage',
    });
    expect(feed[1]!.publishedAt).toBe('2010-09-15T00:00:00.000Z');
    expect(feed[1]!.body).toMatch(/^It seems that we are finally/);
  });

  it('honours the limit and never includes unpublished issues', async () => {
    expect(await listFeedArticles(1)).toHaveLength(1);
    const all = await listFeedArticles(1000);
    expect(all).toHaveLength(136);
    for (const slug of hiddenSlugs) expect(all.map((a) => a.slug)).not.toContain(slug);
  });
});
