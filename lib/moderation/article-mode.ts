import { eq } from 'drizzle-orm';
import { articles, type ResponseMode } from '@/db/schema';
import { tagsForArticleModeChange } from '@/lib/cache/tags';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';

/**
 * Opens, premoderates or closes one article's responses, whatever the default for new articles is: a moderator's
 * answer to a discussion that has turned (premoderate it) or run its course (close it). The article (read under
 * `content`) and its responses pages both say whether it takes responses, so both change.
 */
export const changeArticleMode = command('moderate-responses', async (write, input: { articleId: number; mode: ResponseMode }) => {
  const { tx } = write;
  const [article] = await tx
    .select({ id: articles.id, mode: articles.responsesMode })
    .from(articles)
    .where(eq(articles.id, input.articleId))
    .for('update');
  if (!article) refuse('not-found', 'This article does not exist.');
  if (article.mode === input.mode) refuse('conflict', `Responses to this article are already ${input.mode}.`);
  await tx.update(articles).set({ responsesMode: input.mode, updatedAt: new Date() }).where(eq(articles.id, article.id));
  await write.log({
    action: 'article-mode',
    target: { type: 'article', id: article.id },
    articleId: article.id,
    before: { mode: article.mode },
    after: { mode: input.mode },
  });
  write.expire(tagsForArticleModeChange(article.id));
});
