import path from 'node:path';
import { asc, eq, like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleRevisions, articles, authors, issues } from '@/db/schema';
import { parseAnnouncement } from '@/lib/cache/bus';
import { CACHE_CHANNEL } from '@/lib/cache/tags';
import { importIssueFiles } from '@/lib/issues/import';
import { withFreshDatabase } from '@/test/database';
import { addDemoIssues, DemoRangeError, removeDemoData } from './issues';

const { connection } = withFreshDatabase();

/** The tags announced on the cache channel since the last call. */
const announced: string[] = [];
async function heard(): Promise<string[]> {
  await connection().db.execute(sql`select pg_notify(${CACHE_CHANNEL}, '["heard"]')`);
  for (const deadline = Date.now() + 10_000; !announced.includes('heard');) {
    if (Date.now() > deadline) throw new Error('No announcement within 10 s.');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return announced.splice(0).filter((tag) => tag !== 'heard');
}

beforeAll(async () => {
  await importIssueFiles(connection().db, [path.join(process.cwd(), 'content', 'briefing-2010-09-15.txt')]);
  await connection().listen(
    CACHE_CHANNEL,
    (payload) => announced.push(...parseAnnouncement(payload)),
    () => {},
  );
  await heard();
});

const demoAuthorTags = async () =>
  (await connection().db.select({ id: authors.id }).from(authors).where(like(authors.slug, 'demo-author-%'))).map(
    ({ id }) => `author:${id}`,
  );

describe('demo data', () => {
  it('adds marked issues fortnightly before the earliest one, each with generated articles', async () => {
    const { db } = connection();
    expect(await addDemoIssues(db, 3)).toEqual({ first: '2010-08-04', last: '2010-09-01' });
    const demo = await db
      .select({ date: issues.date, status: issues.status })
      .from(issues)
      .where(eq(issues.isDemo, true))
      .orderBy(asc(issues.date));
    expect(demo).toEqual([
      { date: '2010-08-04', status: 'published' },
      { date: '2010-08-18', status: 'published' },
      { date: '2010-09-01', status: 'published' },
    ]);
    const demoArticles = await db
      .select({ id: articles.id, title: articles.title, body: articles.body, status: articles.status, publishedAt: articles.publishedAt })
      .from(articles)
      .innerJoin(issues, eq(issues.id, articles.issueId))
      .where(eq(issues.isDemo, true));
    expect(demoArticles.length).toBeGreaterThanOrEqual(3);
    const revisions = await db.select().from(articleRevisions);
    for (const article of demoArticles) {
      expect(article.title).toMatch(/^Demo: /);
      expect(article.body.split('\n\n')).toHaveLength(6);
      // Published with their issue, each with its first revision: readers see them, editors see their history.
      expect(article).toMatchObject({ status: 'published', publishedAt: expect.any(Date) });
      expect(revisions.filter((revision) => revision.articleId === article.id)).toEqual([
        expect.objectContaining({ version: 1, kind: 'import', title: article.title, body: article.body }),
      ]);
    }
    // The real issue is untouched and still the newest.
    const [newest] = await db
      .select({ date: issues.date, isDemo: issues.isDemo })
      .from(issues)
      .orderBy(asc(issues.date))
      .limit(1)
      .offset(3);
    expect(newest).toEqual({ date: '2010-09-15', isDemo: false });
    // Nothing was cached about the new issues: the lists they join change, and the demo authors' pages.
    expect(await heard()).toEqual(['issue-dates', ...(await demoAuthorTags()), 'archive', 'feed', 'sitemap']);
  });

  it('refuses more issues than fit after 1900, storing nothing', async () => {
    const { db } = connection();
    const before = await db.$count(issues);
    await expect(addDemoIssues(db, 100_000)).rejects.toThrow(DemoRangeError);
    await expect(addDemoIssues(db, 0)).rejects.toThrow(/there is room for 1 to \d+ fortnightly demo issues, not 0/);
    expect(await db.$count(issues)).toBe(before);
  });

  it('removes every demo issue and the demo authors, and nothing else', async () => {
    const { db } = connection();
    const demoIssues = await db.select({ id: issues.id }).from(issues).where(eq(issues.isDemo, true));
    const byline = await db
      .selectDistinct({ id: articles.authorId })
      .from(articles)
      .innerJoin(issues, eq(issues.id, articles.issueId))
      .where(eq(issues.isDemo, true));
    expect(await removeDemoData(db)).toBe(3);
    // Their own pages go, the lists they were in change, and the pages of the authors who wrote them.
    expect((await heard()).sort()).toEqual(
      [
        ...demoIssues.map(({ id }) => `issue:${id}`),
        ...byline.map(({ id }) => `author:${id}`),
        'issue-dates',
        'archive',
        'feed',
        'sitemap',
      ].sort(),
    );
    expect(await db.$count(issues, eq(issues.isDemo, true))).toBe(0);
    expect(await db.$count(authors, like(authors.slug, 'demo-author-%'))).toBe(0);
    expect(await db.select({ date: issues.date }).from(issues)).toEqual([{ date: '2010-09-15' }]);
  });
});
