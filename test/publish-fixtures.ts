import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { articles, authors, issues, type ArticleStatus } from '@/db/schema';

/** Issues and articles for the editorial tests: each on a date and with slugs no other test of the file uses. */

let issueCount = 0;

/** Words enough that the checklist does not call a body very short. */
export const FULL_BODY = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ');

export type ArticleFixture = Partial<typeof articles.$inferInsert>;

/**
 * A draft issue (no summary unless given) with an author of its own and one complete draft article for each
 * entry of `articleValues` (the values override the complete ones).
 */
export async function insertDraftIssue(
  db: Db,
  articleValues: ArticleFixture[] = [{}],
  issueValues: Partial<typeof issues.$inferInsert> = {},
): Promise<{ issueId: number; date: string; authorId: number; articleIds: number[] }> {
  issueCount += 1;
  const date = new Date(Date.UTC(2040, 0, 1) + issueCount * 86_400_000).toISOString().slice(0, 10);
  const [author] = await db
    .insert(authors)
    .values({ slug: `editorial-author-${process.pid}-${issueCount}`, name: `Author ${issueCount}` })
    .returning({ id: authors.id });
  const [issue] = await db
    .insert(issues)
    .values({ date, summary: 'This week.', ...issueValues })
    .returning({ id: issues.id });
  const articleIds: number[] = [];
  for (const [index, values] of articleValues.entries()) {
    const [row] = await db
      .insert(articles)
      .values({
        issueId: issue!.id,
        position: index + 1,
        slug: `article-${index + 1}`,
        title: `Article ${index + 1} of ${date}`,
        standfirst: 'A standfirst.',
        body: FULL_BODY,
        invitation: 'We would like to hear from you.',
        authorId: author!.id,
        ...values,
      })
      .returning({ id: articles.id });
    articleIds.push(row!.id);
  }
  return { issueId: issue!.id, date, authorId: author!.id, articleIds };
}

/** A published issue of its own with one article in each of `statuses`. */
export async function insertPublishedIssue(db: Db, statuses: ArticleStatus[] = ['published']) {
  const fixture = await insertDraftIssue(
    db,
    statuses.map((status) => ({
      status,
      publishedAt: status === 'draft' ? null : new Date(),
      unpublishedNote: status === 'unpublished' ? 'Withdrawn.' : null,
    })),
  );
  await db.update(issues).set({ status: 'published', publishedAt: new Date() }).where(eq(issues.id, fixture.issueId));
  return fixture;
}

export async function issueRow(db: Db, issueId: number) {
  const [row] = await db.select().from(issues).where(eq(issues.id, issueId));
  return row!;
}

export async function articleRow(db: Db, articleId: number) {
  const [row] = await db.select().from(articles).where(eq(articles.id, articleId));
  return row!;
}
