import { and, count, eq, isNull } from 'drizzle-orm';
import { appeals, reports, responses } from '@/db/schema';
import { tagsForResponsesChange } from '@/lib/cache/tags';
import { queueReplyNotification } from '@/lib/responses/reply-notification';
import { command, type Write } from '@/lib/commands/execute';
import { Refusal, refuse } from '@/lib/commands/refusal';
import type { RejectionReason } from './reasons';

/**
 * A moderator's verdict on responses: approve (publish) or reject with a reason the author reads. One response from
 * its queue item, or many ticked at once — and then all or none, so that a moderator never has to work out which of
 * a batch went through. Every open report on a decided response is resolved, since a moderator has now looked at it.
 */

export type Verdict = { kind: 'approve' } | { kind: 'reject'; reason: RejectionReason; note: string };

/** “Another reason” tells the author nothing by itself, so the note must. */
const OTHER_NEEDS_NOTE = 'Please say in the note why, as the reason is “another reason”.';

/**
 * Approves or rejects one response, resolving its open reports, and logs it. Approving a rejected response that
 * was appealed decides the appeal in the author's favour.
 */
async function decideOne(write: Write, responseId: number, verdict: Verdict) {
  const { tx } = write;
  const [response] = await tx
    .select({
      id: responses.id,
      status: responses.status,
      authorId: responses.authorId,
      articleId: responses.articleId,
      heldFor: responses.heldFor,
    })
    .from(responses)
    .where(eq(responses.id, responseId))
    .for('update');
  if (!response) refuse('not-found', `Response ${responseId} does not exist.`);
  if (response.status === 'removed') refuse('conflict', `Response ${responseId} was removed, so there is nothing to decide.`);
  const [{ value: openReports } = { value: 0 }] = await tx
    .select({ value: count() })
    .from(reports)
    .where(and(eq(reports.responseId, response.id), isNull(reports.resolvedAt)));
  if (verdict.kind === 'approve' && response.status === 'published' && openReports === 0)
    refuse('conflict', `Response ${responseId} is already published.`);
  if (verdict.kind === 'reject' && response.status === 'rejected') refuse('conflict', `Response ${responseId} was already rejected.`);

  const now = new Date();
  const status = verdict.kind === 'approve' ? 'published' : 'rejected';
  await tx
    .update(responses)
    .set({
      status,
      heldFor: null,
      rejectionReason: verdict.kind === 'reject' ? verdict.reason : null,
      rejectionNote: verdict.kind === 'reject' ? verdict.note || null : null,
      ...(verdict.kind === 'reject' ? { featured: false } : {}),
      updatedAt: now,
    })
    .where(eq(responses.id, response.id));
  await tx
    .update(reports)
    .set({ resolvedAt: now })
    .where(and(eq(reports.responseId, response.id), isNull(reports.resolvedAt)));
  if (verdict.kind === 'approve') {
    await tx
      .update(appeals)
      .set({ decidedAt: now, outcome: 'overturned' })
      .where(and(eq(appeals.responseId, response.id), isNull(appeals.decidedAt)));
    await queueReplyNotification(tx, response.id);
  }
  await write.log({
    action: verdict.kind,
    target: { type: 'response', id: response.id },
    subjectId: response.authorId,
    articleId: response.articleId,
    reason: verdict.kind === 'reject' ? [verdict.reason, verdict.note].filter(Boolean).join(': ') : null,
    before: {
      status: response.status,
      ...(response.heldFor ? { heldFor: response.heldFor } : {}),
      ...(openReports ? { openReports } : {}),
    },
    after: { status },
  });
  return { articleId: response.articleId, countsChanged: (response.status === 'published') !== (status === 'published') };
}

/**
 * Decides each response once (a repeated id is one response), in one transaction: one refused refuses the lot,
 * naming it, and a batch's refusal says that nothing was changed.
 */
export const decideResponses = command('moderate-responses', async (write, input: { responseIds: readonly number[]; verdict: Verdict }) => {
  const { verdict } = input;
  if (verdict.kind === 'reject' && verdict.reason === 'other' && verdict.note.trim() === '') refuse('invalid', OTHER_NEEDS_NOTE, 'note');
  const ids = [...new Set(input.responseIds)];
  const outcomes = [];
  try {
    for (const responseId of ids) outcomes.push(await decideOne(write, responseId, verdict));
  } catch (error) {
    if (error instanceof Refusal && ids.length > 1) refuse(error.code, `${error.message} Nothing was changed.`, error.field);
    throw error;
  }
  write.expire(
    tagsForResponsesChange(
      outcomes.map((outcome) => outcome.articleId),
      outcomes.some((outcome) => outcome.countsChanged),
    ),
  );
});
