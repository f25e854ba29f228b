import { eq } from 'drizzle-orm';
import { appeals, responses } from '@/db/schema';
import { tagsForResponsesChange } from '@/lib/cache/tags';
import { queueReplyNotification } from '@/lib/responses/reply-notification';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';

/**
 * Appeals: an author asks, once, for a second look at the rejection of their response; a moderator then upholds the
 * rejection or overturns it (the response is published). Approving an appealed response from the queue overturns
 * its appeal too (decisions.ts).
 */

export type AppealOutcome = 'upheld' | 'overturned';

const NOT_YOURS = 'You can only appeal the rejection of your own response.';

/**
 * The author's appeal, with why it should be published (the moderator reads it). Open to a suspended or banned
 * author, whose only way to contest the decision it is. Every refusal is about the note's field, as the form has
 * no other.
 */
export const lodgeAppeal = command(null, async (write, input: { responseId: number; note: string }) => {
  const { tx, actor } = write;
  if (!actor.id) refuse('not-allowed', NOT_YOURS, 'note');
  if (input.note.trim() === '') refuse('invalid', 'Please say why it should be published.', 'note');
  const [response] = await tx
    .select({ authorId: responses.authorId, status: responses.status })
    .from(responses)
    .where(eq(responses.id, input.responseId))
    .for('update');
  if (!response || response.authorId !== actor.id) refuse('not-allowed', NOT_YOURS, 'note');
  if (response.status !== 'rejected') refuse('conflict', 'This response is not rejected, so there is nothing to appeal.', 'note');
  const inserted = await tx
    .insert(appeals)
    .values({ responseId: input.responseId, note: input.note })
    .onConflictDoNothing()
    .returning({ id: appeals.id });
  if (inserted.length === 0) refuse('conflict', 'You have already appealed this rejection; a response can be appealed once.', 'note');
});

/** A moderator's ruling on an open appeal, with an optional note for the log. */
export const ruleOnAppeal = command(
  'moderate-responses',
  async (write, input: { appealId: number; outcome: AppealOutcome; note: string }) => {
    const { tx } = write;
    const [appeal] = await tx
      .select({ id: appeals.id, decidedAt: appeals.decidedAt, responseId: appeals.responseId })
      .from(appeals)
      .where(eq(appeals.id, input.appealId))
      .for('update');
    if (!appeal) refuse('not-found', 'This appeal does not exist.');
    if (appeal.decidedAt) refuse('conflict', 'This appeal was already decided.');
    const [response] = await tx
      .select({ status: responses.status, authorId: responses.authorId, articleId: responses.articleId })
      .from(responses)
      .where(eq(responses.id, appeal.responseId))
      .for('update');
    if (response!.status !== 'rejected') refuse('conflict', 'The response is no longer rejected, so there is nothing to decide.');
    const now = new Date();
    await tx.update(appeals).set({ decidedAt: now, outcome: input.outcome }).where(eq(appeals.id, appeal.id));
    if (input.outcome === 'overturned') {
      await tx
        .update(responses)
        .set({ status: 'published', rejectionReason: null, rejectionNote: null, updatedAt: now })
        .where(eq(responses.id, appeal.responseId));
      await queueReplyNotification(tx, appeal.responseId);
    }
    await write.log({
      action: input.outcome === 'upheld' ? 'appeal-upheld' : 'appeal-overturned',
      target: { type: 'response', id: appeal.responseId },
      subjectId: response!.authorId,
      articleId: response!.articleId,
      reason: input.note || null,
      before: { status: 'rejected', appeal: 'open' },
      after: { status: input.outcome === 'upheld' ? 'rejected' : 'published', appeal: input.outcome },
    });
    if (input.outcome === 'overturned') write.expire(tagsForResponsesChange([response!.articleId], true));
  },
);
