import { asc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { articleAddresses, articles, authors, issueAddresses, issues, moderationLog } from '@/db/schema';

/** Fixtures for the editorial commands' tests. */

/** Every row of every table the editorial commands write, in a stable order: compare two to prove nothing changed. */
export async function editorialSnapshot(db: Db) {
  return {
    authors: await db.select().from(authors).orderBy(asc(authors.id)),
    issues: await db.select().from(issues).orderBy(asc(issues.id)),
    articles: await db.select().from(articles).orderBy(asc(articles.id)),
    issueAddresses: await db.select().from(issueAddresses).orderBy(asc(issueAddresses.date)),
    articleAddresses: await db.select().from(articleAddresses).orderBy(asc(articleAddresses.date), asc(articleAddresses.slug)),
    moderationLog: await db.select().from(moderationLog).orderBy(asc(moderationLog.id)),
  };
}
