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

let days = 0;
let authorCount = 0;

/** Issues, articles and authors of their own for the editorial actions' matrix cases. */
export const editorialIssue = {
  /** A date no issue of this process has: a day from 1950 on, below the real issues, which lists show first. */
  freeDate: () => new Date(Date.UTC(1950, 0, 1) + ++days * 86_400_000).toISOString().slice(0, 10),
  /** A draft issue with `count` untitled draft articles. */
  async draft(db: Db, count = 0): Promise<{ id: number; date: string; articleIds: number[] }> {
    const date = editorialIssue.freeDate();
    const [issue] = await db.insert(issues).values({ date }).returning({ id: issues.id });
    const rows = count
      ? await db
          .insert(articles)
          .values(
            Array.from({ length: count }, (_, index) => ({
              issueId: issue!.id,
              position: index + 1,
              slug: `draft-${index + 1}`,
              title: `Draft ${index + 1}`,
              standfirst: '',
              body: '',
            })),
          )
          .returning({ id: articles.id })
      : [];
    return { id: issue!.id, date, articleIds: rows.map((row) => row.id) };
  },
  /** An author with no articles. */
  async author(db: Db): Promise<number> {
    authorCount += 1;
    const [row] = await db
      .insert(authors)
      .values({ name: `Fixture Author ${authorCount}`, slug: `fixture-author-${process.pid}-${authorCount}` })
      .returning({ id: authors.id });
    return row!.id;
  },
};
