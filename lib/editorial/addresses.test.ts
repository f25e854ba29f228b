import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articleAddresses, articles, issueAddresses, issues } from '@/db/schema';
import { insertArticle } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { currentArticleAddress, currentIssueDate, releaseArticleAddress, rememberArticleAddress, rememberIssueDate } from './addresses';

// Old addresses, as the editorial commands keep them inside their transactions and the reading pages look them up.
const { db, site } = withRealIssue();

const REAL_DATE = '2010-09-15';

async function slugOf(articleId: number): Promise<string> {
  const [row] = await db().select({ slug: articles.slug }).from(articles).where(eq(articles.id, articleId));
  return row!.slug;
}

/** A new issue of its own with one article, so that a test may move it freely. */
async function issueWithArticle(date: string): Promise<{ issueId: number; articleId: number; slug: string }> {
  const [issue] = await db()
    .insert(issues)
    .values({ date, status: 'published', publishedAt: new Date(`${date}T08:00:00Z`) })
    .returning({ id: issues.id });
  const articleId = await insertArticle(db(), { ...site(), issueId: issue!.id });
  return { issueId: issue!.id, articleId, slug: await slugOf(articleId) };
}

describe('article addresses', () => {
  it('an old slug leads to the article where it is now, and an unknown address to nothing', async () => {
    const articleId = await insertArticle(db(), site());
    const slug = await slugOf(articleId);
    await db().transaction((tx) => rememberArticleAddress(tx, { date: REAL_DATE, slug: 'an-old-slug', articleId }));

    expect(await currentArticleAddress(db(), REAL_DATE, 'an-old-slug')).toEqual({ date: REAL_DATE, slug });
    expect(await currentArticleAddress(db(), REAL_DATE, 'never-used')).toBeNull();
    expect(await currentArticleAddress(db(), '2010-09-16', 'an-old-slug')).toBeNull();

    // The article renamed again: the old address follows it.
    await db()
      .update(articles)
      .set({ slug: `${slug}-renamed` })
      .where(eq(articles.id, articleId));
    expect(await currentArticleAddress(db(), REAL_DATE, 'an-old-slug')).toEqual({ date: REAL_DATE, slug: `${slug}-renamed` });
  });

  it('the newest owner of an old address wins it', async () => {
    const [first, second] = [await insertArticle(db(), site()), await insertArticle(db(), site())];
    await db().transaction((tx) => rememberArticleAddress(tx, { date: REAL_DATE, slug: 'shared-old-slug', articleId: first }));
    await db().transaction((tx) => rememberArticleAddress(tx, { date: REAL_DATE, slug: 'shared-old-slug', articleId: second }));
    expect(await currentArticleAddress(db(), REAL_DATE, 'shared-old-slug')).toEqual({ date: REAL_DATE, slug: await slugOf(second) });
    expect(await db().select().from(articleAddresses).where(eq(articleAddresses.slug, 'shared-old-slug'))).toHaveLength(1);
  });

  it('an address taken by a live article again stops redirecting', async () => {
    const articleId = await insertArticle(db(), site());
    await db().transaction((tx) => rememberArticleAddress(tx, { date: REAL_DATE, slug: 'taken-again', articleId }));
    await db().transaction((tx) => releaseArticleAddress(tx, { date: REAL_DATE, slug: 'taken-again' }));
    expect(await currentArticleAddress(db(), REAL_DATE, 'taken-again')).toBeNull();
  });

  it('goes with its article when the article is deleted', async () => {
    const articleId = await insertArticle(db(), site());
    await db().transaction((tx) => rememberArticleAddress(tx, { date: REAL_DATE, slug: 'deleted-with-it', articleId }));
    await db().delete(articles).where(eq(articles.id, articleId));
    expect(await currentArticleAddress(db(), REAL_DATE, 'deleted-with-it')).toBeNull();
  });
});

describe('issue dates', () => {
  it('an issue moved to a new date: its old date, and each article’s old address under it, lead to the new ones', async () => {
    const { issueId, slug } = await issueWithArticle('2011-01-05');
    await db().transaction(async (tx) => {
      await tx.update(issues).set({ date: '2011-01-12' }).where(eq(issues.id, issueId));
      await rememberIssueDate(tx, { issueId, oldDate: '2011-01-05', newDate: '2011-01-12' });
    });
    expect(await currentIssueDate(db(), '2011-01-05')).toBe('2011-01-12');
    expect(await currentArticleAddress(db(), '2011-01-05', slug)).toEqual({ date: '2011-01-12', slug });
    expect(await currentIssueDate(db(), '2011-01-06')).toBeNull();
  });

  it('moved back to a date it once had: that date is its own again, not an old address', async () => {
    const { issueId } = await issueWithArticle('2011-02-02');
    const move = (oldDate: string, newDate: string) =>
      db().transaction(async (tx) => {
        await tx.update(issues).set({ date: newDate }).where(eq(issues.id, issueId));
        await rememberIssueDate(tx, { issueId, oldDate, newDate });
      });
    await move('2011-02-02', '2011-02-09');
    await move('2011-02-09', '2011-02-02');
    expect(await currentIssueDate(db(), '2011-02-02')).toBeNull();
    expect(await currentIssueDate(db(), '2011-02-09')).toBe('2011-02-02');
    expect(await db().select().from(issueAddresses).where(eq(issueAddresses.issueId, issueId))).toEqual([
      expect.objectContaining({ date: '2011-02-09' }),
    ]);
  });
});
