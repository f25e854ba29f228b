import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articleAddresses, articles, issueAddresses, issues } from '@/db/schema';

/** The states e2e/editorial-reading.spec.ts reads, made before the server starts (the editor makes them in use). */
export const EDITORIAL_READING = {
  issueDate: '2010-08-18',
  oldIssueDate: '2010-08-11',
  withdrawn: { slug: 'a-withdrawn-piece', title: 'A withdrawn piece', note: 'It named the wrong council; a corrected piece follows.' },
  renamed: { oldSlug: 'an-old-name-for-allotments', slug: 'an-open-table-on-allotments' },
};

/** An unpublished article in e2e/fixtures' issue, an old address of one of its articles and an old date of the issue. */
export async function prepareEditorialReading(tx: Tx): Promise<void> {
  const { issueDate, oldIssueDate, withdrawn, renamed } = EDITORIAL_READING;
  const [issue] = await tx.select({ id: issues.id }).from(issues).where(eq(issues.date, issueDate));
  const [open] = await tx.select({ id: articles.id, authorId: articles.authorId }).from(articles).where(eq(articles.slug, renamed.slug));
  await tx.insert(articles).values({
    issueId: issue!.id,
    position: 90,
    slug: withdrawn.slug,
    title: withdrawn.title,
    standfirst: 'Never to be read.',
    body: 'Its body.',
    authorId: open!.authorId,
    status: 'unpublished',
    publishedAt: new Date(`${issueDate}T00:00:00Z`),
    unpublishedNote: withdrawn.note,
  });
  await tx.insert(articleAddresses).values({ date: issueDate, slug: renamed.oldSlug, articleId: open!.id });
  await tx.insert(issueAddresses).values({ date: oldIssueDate, issueId: issue!.id });
}
