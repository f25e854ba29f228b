import { asc, count, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articleRevisions, articles, issues, responses } from '@/db/schema';
import { tagsForIssueChange } from '@/lib/cache/tags';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { firstFreeSlug } from './free-slug';

/**
 * An issue's articles as the issue editor arranges them: added as drafts, removed while nothing of them was ever
 * public, and moved up or down. Positions are always 1..n without gaps; each command locks the issue's row first,
 * so two editors arranging the same issue at once take turns.
 */

export const NEW_ARTICLE_TITLE = 'Untitled article';
const NEW_ARTICLE_SLUG = 'untitled-article';

async function lockedIssue(tx: Tx, issueId: number) {
  const [issue] = await tx.select({ id: issues.id, date: issues.date }).from(issues).where(eq(issues.id, issueId)).for('update');
  if (!issue) refuse('not-found', 'There is no such issue (any more).');
  return issue;
}

/** The issue's order changed: its pages and the lists that show its articles. Authors' pages show no order. */
function issueOrderTags(issueId: number) {
  return tagsForIssueChange({ issueId, authorIds: [], datesChanged: false });
}

/** A new draft at the end of the issue, titled "Untitled article" and with an address of its own in the issue. */
export const addArticle = command('edit-issues', async (write, input: { issueId: number }) => {
  const { tx } = write;
  await lockedIssue(tx, input.issueId);
  const siblings = await tx
    .select({ slug: articles.slug, position: articles.position })
    .from(articles)
    .where(eq(articles.issueId, input.issueId));
  const slug = firstFreeSlug(NEW_ARTICLE_SLUG, new Set(siblings.map((row) => row.slug)));
  const position = siblings.length + 1;
  const [created] = await tx
    .insert(articles)
    .values({
      issueId: input.issueId,
      position,
      slug,
      title: NEW_ARTICLE_TITLE,
      standfirst: '',
      body: '',
      // A new article takes responses as the moderation settings say new articles do (as an import's do).
      responsesMode: sql`coalesce((select default_responses_mode from moderation_settings where id = 1), 'open')`,
    })
    .returning();
  // Its first revision is this empty draft, by whoever added it: otherwise the first save would record the base
  // as if an import had written it.
  await tx.insert(articleRevisions).values({
    articleId: created!.id,
    version: created!.version,
    kind: 'save',
    title: created!.title,
    slug: created!.slug,
    standfirst: created!.standfirst,
    body: created!.body,
    invitation: created!.invitation,
    authorId: created!.authorId,
    responsesMode: created!.responsesMode,
    responsesNote: created!.responsesNote,
    savedById: write.actor.id,
    savedByName: write.actor.name,
  });
  await write.log({
    action: 'article-add',
    target: { type: 'article', id: created!.id },
    articleId: created!.id,
    before: null,
    after: { issueId: input.issueId, title: NEW_ARTICLE_TITLE, slug, position, status: 'draft' },
  });
  write.expire(issueOrderTags(input.issueId));
  return { articleId: created!.id, slug };
});

/** The issue's articles in order, locked: what a removal or a move rearranges. */
async function lockedOrder(tx: Tx, issueId: number) {
  return tx
    .select({ id: articles.id, position: articles.position, title: articles.title })
    .from(articles)
    .where(eq(articles.issueId, issueId))
    .orderBy(asc(articles.position), asc(articles.id))
    .for('update');
}

/** Writes positions 1..n in the order given, touching only the rows whose position moves. */
async function renumber(tx: Tx, order: readonly { id: number; position: number }[]) {
  for (const [index, row] of order.entries()) {
    if (row.position !== index + 1)
      await tx
        .update(articles)
        .set({ position: index + 1 })
        .where(eq(articles.id, row.id));
  }
}

async function articleOf(tx: Tx, articleId: number) {
  const [article] = await tx
    .select({
      issueId: articles.issueId,
      title: articles.title,
      slug: articles.slug,
      status: articles.status,
      publishedAt: articles.publishedAt,
    })
    .from(articles)
    .where(eq(articles.id, articleId));
  if (!article) refuse('not-found', 'There is no such article (any more).');
  return article;
}

/**
 * Takes a draft out of its issue for good. Only one that readers never saw and nobody answered: an article that was
 * published has an address people keep, and responses are readers' words — unpublishing is the way for those.
 */
export const removeArticle = command('edit-issues', async (write, input: { articleId: number }) => {
  const { tx } = write;
  const { issueId } = await articleOf(tx, input.articleId);
  await lockedIssue(tx, issueId);
  const article = await articleOf(tx, input.articleId); // again, under the issue's lock
  if (article.status !== 'draft' || article.publishedAt !== null)
    refuse('conflict', `“${article.title}” has been published, so it cannot be removed: unpublish it instead, from its editor.`);
  const [answered] = await tx.select({ n: count() }).from(responses).where(eq(responses.articleId, input.articleId));
  if (answered!.n > 0)
    refuse('conflict', `“${article.title}” has responses, so it cannot be removed: unpublish it instead, from its editor.`);
  const order = await lockedOrder(tx, issueId);
  const removed = order.find((row) => row.id === input.articleId)!;
  await tx.delete(articles).where(eq(articles.id, input.articleId));
  await renumber(
    tx,
    order.filter((row) => row.id !== input.articleId),
  );
  await write.log({
    action: 'article-remove',
    target: { type: 'article', id: input.articleId },
    articleId: input.articleId,
    before: { issueId, title: article.title, slug: article.slug, position: removed.position },
    after: null,
  });
  write.expire(issueOrderTags(issueId));
  return { issueId };
});

export type Direction = 'up' | 'down';

/**
 * Swaps an article with its neighbour above or below. `from` is the position the editor saw: if the order changed
 * since, the move is refused rather than made on an order they did not see.
 */
export const moveArticle = command('edit-issues', async (write, input: { articleId: number; direction: Direction; from?: number }) => {
  const { tx } = write;
  const { issueId } = await articleOf(tx, input.articleId);
  await lockedIssue(tx, issueId);
  const order = await lockedOrder(tx, issueId);
  const index = order.findIndex((row) => row.id === input.articleId);
  if (index === -1) refuse('not-found', 'There is no such article (any more).');
  const moving = order[index]!;
  if (input.from !== undefined && input.from !== index + 1)
    refuse(
      'conflict',
      `Someone changed the order of this issue since you loaded it: “${moving.title}” is now number ${index + 1}. Please look again.`,
    );
  const target = input.direction === 'up' ? index - 1 : index + 1;
  if (target < 0) refuse('conflict', `“${moving.title}” is first already.`);
  if (target >= order.length) refuse('conflict', `“${moving.title}” is last already.`);
  const reordered = [...order];
  [reordered[index], reordered[target]] = [reordered[target]!, reordered[index]!];
  await renumber(tx, reordered);
  await write.log({
    action: 'article-move',
    target: { type: 'article', id: input.articleId },
    articleId: input.articleId,
    before: { position: index + 1 },
    after: { position: target + 1 },
  });
  write.expire(issueOrderTags(issueId));
  return { issueId, position: target + 1, count: order.length };
});
