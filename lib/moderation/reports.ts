import { and, count, eq, isNull } from 'drizzle-orm';
import { articles, issues, reports, responses, type ReportReason } from '@/db/schema';
import { tagsForResponsesChange } from '@/lib/cache/tags';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { countsTowardHiding } from './counted-reports';
import { RULES } from './log';
import { hiddenByReports } from './rules';
import { readModerationSettings } from './settings';

/**
 * A reader's report of a published response, once per reader, never of their own. Every report reaches the queue;
 * enough open reports from established readers (the settings' threshold; see countsTowardHiding) hide the response
 * until a moderator has looked — the rules do that, not the reporter, and the log says so.
 */

const SAY_WHAT_IS_WRONG = 'Please say what is wrong with it.';

export const fileReport = command(null, async (write, input: { responseId: number; reason: ReportReason; note: string }) => {
  const { tx, actor } = write;
  if (!actor.id) refuse('not-allowed', 'Only a signed-in reader can report a response.');
  if (input.reason === 'other' && input.note.trim() === '') refuse('invalid', SAY_WHAT_IS_WRONG, 'note');
  const [response] = await tx
    .select({ id: responses.id, status: responses.status, authorId: responses.authorId, articleId: responses.articleId })
    .from(responses)
    .innerJoin(articles, eq(articles.id, responses.articleId))
    .innerJoin(issues, and(eq(issues.id, articles.issueId), eq(issues.status, 'published')))
    .where(eq(responses.id, input.responseId))
    .for('update', { of: responses });
  if (!response || response.status !== 'published')
    refuse('not-found', 'This response is not there to report (it may have been removed already).');
  if (response.authorId === actor.id) refuse('not-allowed', 'You cannot report your own response; you can edit or delete it instead.');
  const inserted = await tx
    .insert(reports)
    .values({ responseId: response.id, reporterId: actor.id, reason: input.reason, note: input.note || null })
    .onConflictDoNothing()
    .returning({ id: reports.id });
  if (inserted.length === 0) refuse('conflict', 'You have already reported this response; the moderators will look at it.');
  const [{ value: counted } = { value: 0 }] = await tx
    .select({ value: count() })
    .from(reports)
    .where(and(eq(reports.responseId, response.id), isNull(reports.resolvedAt), countsTowardHiding));
  const settings = await readModerationSettings(tx);
  if (!hiddenByReports(counted, settings)) return;
  await tx.update(responses).set({ status: 'pending', heldFor: 'reports', updatedAt: new Date() }).where(eq(responses.id, response.id));
  await write.log({
    actor: RULES,
    action: 'reports-hide',
    target: { type: 'response', id: response.id },
    subjectId: response.authorId,
    articleId: response.articleId,
    reason: `${counted} open reports from established readers (the threshold is ${settings.reportThreshold}).`,
    before: { status: 'published' },
    after: { status: 'pending', heldFor: 'reports' },
  });
  write.expire(tagsForResponsesChange([response.articleId], true));
});
