import { and, eq, like, min, notExists, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { articleRevisions, articles, authors, issues } from '@/db/schema';
import { announceChanged } from '@/lib/cache/bus';
import { tagsForDemoIssues } from '@/lib/cache/tags';
import { articleFieldColumns } from '@/lib/editorial/article-columns';

/**
 * Demo data for load tests (`npm run db:demo`): fortnightly issues going back from the earliest real one, each
 * with articles of generated prose so that pages and search have realistic weight. Every demo issue is flagged
 * `is_demo` (pages mark it "Demo data" and tell search engines not to index it), its authors are "Demo author N",
 * and `--remove` takes all of it away again. Never part of the seed.
 */

const WORDS =
  'local finance community shares social impact bonds mutual aid councils neighbourhood budget commissioning civic renewal cooperative housing lending credit unions volunteers evidence outcomes partnership charity trust enterprise investment risk pilot scale diversity place services health care schools transport energy climate resilience data accountability'.split(
    ' ',
  );
const DEMO_AUTHORS = 8;
const CHUNK = 500;

/** A small deterministic generator, so that two runs produce the same demo text. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const word = () => WORDS[Math.floor(next() * WORDS.length)]!;
  const sentence = (length: number) => {
    const text = Array.from({ length }, word).join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  return { next, word, sentence };
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Asked for more demo issues than fit, fortnightly, between 1900 (the earliest date an issue may have) and the earliest issue. */
export class DemoRangeError extends Error {
  name = 'DemoRangeError';
}

const EARLIEST_DATE = '1900-01-01';

export async function addDemoIssues(db: Db, count: number, onProgress?: (done: number) => void): Promise<{ first: string; last: string }> {
  return db.transaction(async (tx) => {
    const [{ earliest } = { earliest: null }] = await tx.select({ earliest: min(issues.date) }).from(issues);
    const start = earliest ?? new Date().toISOString().slice(0, 10);
    const room = Math.floor((Date.parse(start) - Date.parse(EARLIEST_DATE)) / (14 * 86_400_000));
    if (!Number.isInteger(count) || count < 1 || count > room) {
      throw new DemoRangeError(
        `Between ${EARLIEST_DATE} and the earliest issue (${start}) there is room for 1 to ${room} fortnightly demo issues, not ${count}.`,
      );
    }

    const authorRows = await tx
      .insert(authors)
      .values(Array.from({ length: DEMO_AUTHORS }, (_, index) => ({ slug: `demo-author-${index + 1}`, name: `Demo author ${index + 1}` })))
      .onConflictDoUpdate({ target: authors.slug, set: { name: sql`excluded.name` } })
      .returning({ id: authors.id });

    const dates = Array.from({ length: count }, (_, index) => addDays(start, -14 * (index + 1)));
    for (let offset = 0; offset < dates.length; offset += CHUNK) {
      const batch = dates.slice(offset, offset + CHUNK);
      const created = await tx
        .insert(issues)
        .values(batch.map((date) => ({ date, status: 'published' as const, publishedAt: new Date(`${date}T00:00:00Z`), isDemo: true })))
        .returning({ id: issues.id, date: issues.date, publishedAt: issues.publishedAt });
      const rows = created.flatMap((issue) => {
        const random = generator(Number(issue.date.replaceAll('-', '')));
        const articleCount = 1 + Math.floor(random.next() * 3);
        return Array.from({ length: articleCount }, (_, index) => {
          const title = `Demo: ${random.sentence(4 + Math.floor(random.next() * 4)).slice(0, -1)}`;
          return {
            issueId: issue.id,
            position: index + 1,
            slug: `demo-article-${index + 1}`,
            title,
            standfirst: Array.from({ length: 2 }, () => random.sentence(14)).join(' '),
            body: Array.from({ length: 6 }, () => Array.from({ length: 4 }, () => random.sentence(16)).join(' ')).join('\n\n'),
            authorId: authorRows[Math.floor(random.next() * authorRows.length)]!.id,
            // Published with their issue, as the import publishes a real one.
            status: 'published' as const,
            publishedAt: issue.publishedAt,
          };
        });
      });
      const inserted = await tx
        .insert(articles)
        .values(rows)
        .returning({ articleId: articles.id, version: articles.version, ...articleFieldColumns });
      // Each article's history starts with what it is, as an imported one's does.
      await tx
        .insert(articleRevisions)
        .values(inserted.map((article) => ({ ...article, kind: 'import' as const, savedByName: 'the demo' })));
      onProgress?.(Math.min(offset + CHUNK, dates.length));
    }
    await announceChanged(tx, tagsForDemoIssues({ removedIssueIds: [], authorIds: authorRows.map((author) => author.id) }));
    return { first: dates.at(-1)!, last: dates[0]! };
  });
}

/** Removes every demo issue (their articles go with them) and the demo authors left without articles. */
export async function removeDemoData(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const byline = await tx
      .selectDistinct({ authorId: articles.authorId })
      .from(articles)
      .innerJoin(issues, eq(issues.id, articles.issueId))
      .where(eq(issues.isDemo, true));
    const removed = await tx.delete(issues).where(eq(issues.isDemo, true)).returning({ id: issues.id });
    await tx
      .delete(authors)
      .where(
        and(
          like(authors.slug, 'demo-author-%'),
          notExists(tx.select({ id: articles.id }).from(articles).where(eq(articles.authorId, authors.id))),
        ),
      );
    await announceChanged(
      tx,
      tagsForDemoIssues({ removedIssueIds: removed.map((issue) => issue.id), authorIds: byline.map((row) => row.authorId) }),
    );
    return removed.length;
  });
}
