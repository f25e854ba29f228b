import { and, count, eq } from 'drizzle-orm';
import { responses } from '@/db/schema';
import { tagsForResponsesChange } from '@/lib/cache/tags';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';

/**
 * Features a published response (shown first under its article, with a mark), or stops featuring it. A few at most
 * per article, or featuring would mean nothing; a response that stops being published (rejected, removed) stops
 * being featured where that happens, which frees its place.
 */

export const MAX_FEATURED = 10;

export const changeFeatured = command('moderate-responses', async (write, input: { responseId: number; featured: boolean }) => {
  const { tx } = write;
  const { featured } = input;
  const [response] = await tx
    .select({
      id: responses.id,
      status: responses.status,
      featured: responses.featured,
      authorId: responses.authorId,
      articleId: responses.articleId,
    })
    .from(responses)
    .where(eq(responses.id, input.responseId))
    .for('update');
  if (!response) refuse('not-found', 'This response does not exist.');
  if (featured && response.status !== 'published') refuse('conflict', 'Only a published response can be featured.');
  if (response.featured === featured)
    refuse('conflict', featured ? 'This response is already featured.' : 'This response is not featured.');
  if (featured) {
    const [{ value } = { value: 0 }] = await tx
      .select({ value: count() })
      .from(responses)
      .where(and(eq(responses.articleId, response.articleId), eq(responses.featured, true)));
    if (value >= MAX_FEATURED)
      refuse('limited', `At most ${MAX_FEATURED} responses can be featured on one article; stop featuring one first.`);
  }
  await tx.update(responses).set({ featured, updatedAt: new Date() }).where(eq(responses.id, response.id));
  await write.log({
    action: featured ? 'feature' : 'unfeature',
    target: { type: 'response', id: response.id },
    subjectId: response.authorId,
    articleId: response.articleId,
    before: { featured: response.featured },
    after: { featured },
  });
  write.expire(tagsForResponsesChange([response.articleId], false));
});
