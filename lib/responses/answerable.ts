import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articles, issues, responses } from '@/db/schema';
import { readable } from '@/lib/articles/visibility';

/** What a response or a draft may be written to: a published article of a published issue, and a published response on it. */

/** The article, if it and its issue are published (whatever its responses mode), or null. */
export async function publishedArticle(tx: Tx, articleId: number) {
  const [article] = await tx
    .select({ id: articles.id, slug: articles.slug, title: articles.title, mode: articles.responsesMode, date: issues.date })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(and(eq(articles.id, articleId), readable));
  return article ?? null;
}

/** The published response `id` under the article, or null: what a reply may answer. */
export async function answerableResponse(tx: Tx, id: number, articleId: number) {
  const [answered] = await tx
    .select({ id: responses.id, parentId: responses.parentId })
    .from(responses)
    .where(and(eq(responses.id, id), eq(responses.articleId, articleId), eq(responses.status, 'published')));
  return answered ?? null;
}
