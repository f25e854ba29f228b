import { and, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { articles, issues, responses, users } from '@/db/schema';
import { announceChanged } from '@/lib/cache/bus';
import { tagsForResponsesChange } from '@/lib/cache/tags';

/**
 * Demo responses for load tests (`npm run db:demo -- --responses N --on DATE/SLUG`): N responses under one
 * article from a few "Demo reader" accounts (addresses at example.invalid, which cannot receive mail), about one in
 * five a reply. `--remove` takes them away with the demo issues. Never part of the seed.
 */

const DEMO_READERS = 12;
const DEMO_DOMAIN = 'example.invalid';
const CHUNK = 1000;
const SENTENCES = [
  'Local finance works best when it is patient.',
  'We saw the same thing in our town: the shop became a meeting place.',
  'Community shares raised more than the council expected.',
  'Scaling up is not the only measure of success.',
  'The evidence from small pilots is often ignored.',
  'Mass localism needs *trust* as much as money.',
  'Has anyone tried this with a credit union?',
  'Our cooperative housing project followed this path.',
];

export class DemoTargetError extends Error {
  name = 'DemoTargetError';
}

export async function addDemoResponses(db: Db, target: { date: string; slug: string }, count: number): Promise<{ articleId: number }> {
  return db.transaction(async (tx) => {
    const [article] = await tx
      .select({ id: articles.id })
      .from(articles)
      .innerJoin(issues, eq(issues.id, articles.issueId))
      .where(and(eq(issues.date, target.date), eq(articles.slug, target.slug)));
    if (!article) throw new DemoTargetError(`There is no article at /issues/${target.date}/${target.slug} to add demo responses to.`);

    const day = 86_400_000;
    const readers = await tx
      .insert(users)
      .values(
        Array.from({ length: DEMO_READERS }, (_, index) => ({
          email: `demo-reader-${index + 1}@${DEMO_DOMAIN}`,
          displayName: `Demo reader ${index + 1}`,
          affiliation: index % 3 === 0 ? 'Demo Organisation' : null,
          createdAt: new Date(Date.now() - 365 * day),
        })),
      )
      .onConflictDoUpdate({ target: users.email, set: { displayName: sql`excluded.display_name` } })
      .returning({ id: users.id });

    // Spread over the past year, oldest first, so that ids follow time as real ones do.
    const start = Date.now() - 365 * day;
    const step = (365 * day) / count;
    for (let offset = 0; offset < count; offset += CHUNK) {
      const size = Math.min(CHUNK, count - offset);
      // Top-level responses first in each chunk, then replies to the last of them, keeping one level of threading.
      const tops = Math.max(1, Math.round(size * 0.8));
      const created = await tx
        .insert(responses)
        .values(
          Array.from({ length: tops }, (_, index) => ({
            articleId: article.id,
            authorId: readers[(offset + index) % readers.length]!.id,
            body: `Demo: ${SENTENCES[(offset + index) % SENTENCES.length]} ${SENTENCES[(offset + index * 3 + 1) % SENTENCES.length]}`,
            createdAt: new Date(start + (offset + index) * step),
          })),
        )
        .returning({ id: responses.id });
      if (size > tops) {
        await tx.insert(responses).values(
          Array.from({ length: size - tops }, (_, index) => ({
            articleId: article.id,
            authorId: readers[(offset + index + 5) % readers.length]!.id,
            parentId: created[index % created.length]!.id,
            replyToId: created[index % created.length]!.id,
            body: `Demo: in reply — ${SENTENCES[(offset + index + 2) % SENTENCES.length]}`,
            createdAt: new Date(start + (offset + tops + index) * step),
          })),
        );
      }
    }
    await announceChanged(tx, tagsForResponsesChange([article.id], true));
    return { articleId: article.id };
  });
}

/** Removes every demo reader and everything they wrote. */
export async function removeDemoResponses(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const readers = await tx
      .select({ id: users.id })
      .from(users)
      .where(like(users.email, `demo-reader-%@${DEMO_DOMAIN}`));
    if (readers.length === 0) return 0;
    const ids = readers.map((reader) => reader.id);
    const written = await tx
      .select({ id: responses.id, articleId: responses.articleId })
      .from(responses)
      .where(inArray(responses.authorId, ids));
    // Replies first (they point at their thread), then the rest.
    await tx.delete(responses).where(and(inArray(responses.authorId, ids), sql`${responses.parentId} is not null`));
    await tx.delete(responses).where(inArray(responses.authorId, ids));
    await tx.delete(users).where(inArray(users.id, ids));
    const articleIds = [...new Set(written.map((row) => row.articleId))];
    await announceChanged(tx, tagsForResponsesChange(articleIds, true));
    return written.length;
  });
}
