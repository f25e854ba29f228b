import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articles, issues, responses } from '@/db/schema';
import { signedInReader } from '@/lib/accounts/reader';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { isStaffRole } from '@/lib/moderation/access';
import { decide } from '@/lib/moderation/rules';
import { readModerationSettings } from '@/lib/moderation/settings';
import { paths } from '@/lib/site';
import { decisionColumns, logRulesRejection, responsesChanged, statusAfter } from './moderated';
import { checkBody, editableUntil } from './rules';

/** A reader's changes to their own responses: editing one while the window is open, and removing one. */

/** The response, locked for this change, if it is `authorId`'s; null if it is not there or someone else's. */
async function ownResponse(tx: Tx, responseId: number, authorId: string) {
  const [response] = await tx
    .select({
      id: responses.id,
      authorId: responses.authorId,
      status: responses.status,
      createdAt: responses.createdAt,
      articleId: responses.articleId,
    })
    .from(responses)
    .where(eq(responses.id, responseId))
    .for('update');
  return response && response.authorId === authorId ? { ...response, authorId } : null;
}

async function articlePathOf(tx: Tx, articleId: number): Promise<string> {
  const [row] = await tx
    .select({ slug: articles.slug, date: issues.date })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(eq(articles.id, articleId));
  return paths.article(row!.date, row!.slug);
}

/**
 * Changes one's own response, within 15 minutes of posting it; it is then marked "edited". The new text is decided
 * afresh by the moderation rules, but an edit can only keep or lose a response's place: a held response stays held.
 */
export const editOwnResponse = command(null, async (write, input: { responseId: number; body: string }) => {
  const reader = await signedInReader(write);
  const { tx } = write;
  const body = checkBody(input.body);
  if (!body.ok) refuse('invalid', body.error, 'body');
  const response = await ownResponse(tx, input.responseId, reader.id);
  if (!response) refuse('not-allowed', 'You can only edit your own responses.');
  if (!editableUntil(response))
    refuse('conflict', 'Responses can be edited for 15 minutes after posting; this one can no longer be changed.');
  const [article] = await tx.select({ mode: articles.responsesMode }).from(articles).where(eq(articles.id, response.articleId));
  const decision = decide(
    {
      body: body.body,
      mode: article!.mode === 'premoderated' ? 'premoderated' : 'open',
      kind: 'edit',
      author: { isStaff: isStaffRole(reader.role), publishedCount: 0, sanctioned: false }, // signedInReader refused a sanctioned one
    },
    await readModerationSettings(tx),
  );
  const status = statusAfter(decision, response.status);
  await tx
    .update(responses)
    .set({
      body: body.body,
      editedAt: new Date(),
      updatedAt: new Date(),
      ...(status === response.status ? {} : { ...decisionColumns(decision, status), featured: false }),
    })
    .where(eq(responses.id, response.id));
  if (decision.outcome === 'reject') await logRulesRejection(write, response, decision.detail);
  write.expire(responsesChanged(response.articleId, status !== response.status));
  return { id: response.id, status, articlePath: await articlePathOf(tx, response.articleId) };
});

/**
 * Removes one's own response. Where replies hang on it, it stays in place as "removed by its author"; it is no
 * longer featured (it would take one of the article's places for featured responses).
 */
export const removeOwnResponse = command(null, async (write, input: { responseId: number }) => {
  const reader = await signedInReader(write);
  const { tx } = write;
  const response = await ownResponse(tx, input.responseId, reader.id);
  if (!response) refuse('not-allowed', 'You can only delete your own responses.');
  if (response.status === 'removed') refuse('conflict', 'This response was already removed.');
  await tx
    .update(responses)
    .set({ status: 'removed', removedBy: 'author', featured: false, updatedAt: new Date() })
    .where(eq(responses.id, response.id));
  write.expire(responsesChanged(response.articleId, response.status === 'published'));
  return { articlePath: await articlePathOf(tx, response.articleId) };
});
