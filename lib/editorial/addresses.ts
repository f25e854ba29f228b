import { and, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '@/db/client';
import { articleAddresses, articles, issueAddresses, issues } from '@/db/schema';

/**
 * Old addresses. Links to an article are printed in sent emails and other sites: when its slug (or its issue's
 * date) changes, the old address is remembered here and answers with a permanent redirect (308) to the new one.
 * Every change of address goes through these functions, inside the command's transaction.
 */

/** Remembers (date, slug) as an old address of the article. The newest owner of an old address wins it. */
export async function rememberArticleAddress(tx: Tx, address: { date: string; slug: string; articleId: number }): Promise<void> {
  await tx
    .insert(articleAddresses)
    .values(address)
    .onConflictDoUpdate({
      target: [articleAddresses.date, articleAddresses.slug],
      set: { articleId: address.articleId, createdAt: sql`now()` },
    });
}

/** A live article now has (date, slug): an old address that pointed elsewhere stops redirecting. */
export async function releaseArticleAddress(tx: Tx, address: { date: string; slug: string }): Promise<void> {
  await tx.delete(articleAddresses).where(and(eq(articleAddresses.date, address.date), eq(articleAddresses.slug, address.slug)));
}

/** An issue's date changed: the old date, and every article's old address under it, keep answering. */
export async function rememberIssueDate(tx: Tx, issue: { issueId: number; oldDate: string; newDate: string }): Promise<void> {
  await tx
    .insert(issueAddresses)
    .values({ date: issue.oldDate, issueId: issue.issueId })
    .onConflictDoUpdate({ target: issueAddresses.date, set: { issueId: issue.issueId, createdAt: sql`now()` } });
  await tx.delete(issueAddresses).where(eq(issueAddresses.date, issue.newDate));
  const moved = await tx.select({ id: articles.id, slug: articles.slug }).from(articles).where(eq(articles.issueId, issue.issueId));
  for (const article of moved) {
    await rememberArticleAddress(tx, { date: issue.oldDate, slug: article.slug, articleId: article.id });
  }
}

/** Where an old article address leads now: the article's current date and slug, or null. */
export async function currentArticleAddress(db: Executor, date: string, slug: string): Promise<{ date: string; slug: string } | null> {
  const [row] = await db
    .select({ date: issues.date, slug: articles.slug })
    .from(articleAddresses)
    .innerJoin(articles, eq(articles.id, articleAddresses.articleId))
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(eq(articleAddresses.date, date), eq(articleAddresses.slug, slug)));
  return row ?? null;
}

/** Where an old issue date leads now, or null. */
export async function currentIssueDate(db: Executor, date: string): Promise<string | null> {
  const [row] = await db
    .select({ date: issues.date })
    .from(issueAddresses)
    .innerJoin(issues, eq(issues.id, issueAddresses.issueId))
    .where(eq(issueAddresses.date, date));
  return row?.date ?? null;
}
