'use server';

import { and, count, eq, isNull } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { appeals, articles, issues, reports, responses } from '@/db/schema';
import { idField as id } from '@/lib/actions/fields';
import { guarded, refused } from '@/lib/actions/guard';
import { changedIn } from '@/lib/cache/changes';
import { tagsForResponsesChange } from '@/lib/cache/tags';
import { countsTowardHiding } from './counted-reports';
import { textField } from '@/lib/text/field';
import { RULES, writeLog } from './log';
import { REPORT_REASONS } from './reasons';
import { hiddenByReports } from './rules';
import { readModerationSettings } from './settings';

/** What readers do about moderation: report a response, appeal the rejection of their own. */

const reportSchema = z.object({
  responseId: id,
  reason: z.enum(Object.keys(REPORT_REASONS) as [keyof typeof REPORT_REASONS], { error: 'Please choose what is wrong with it.' }),
  note: textField({ label: 'The note', max: 500, tooLong: 'Please keep it to 500 characters.' }),
});

/**
 * Reports a published response, once per reader, never one's own. Enough open reports from established readers (the
 * settings' threshold; see countsTowardHiding) hide it until a moderator has looked: the rules do that, and the log
 * says so. Every report reaches the queue.
 */
export const reportResponse = guarded({ access: 'signed-in', schema: reportSchema }, async (input, { user, formData }) => {
  if (input.reason === 'other' && !input.note)
    return refused('Please say what is wrong with it.', formData, { note: 'Please say what is wrong with it.' });
  const db = await getDb();
  let expire = async () => {};
  const problem = await db.transaction(async (tx) => {
    const [response] = await tx
      .select({ id: responses.id, status: responses.status, authorId: responses.authorId, articleId: responses.articleId })
      .from(responses)
      .innerJoin(articles, eq(articles.id, responses.articleId))
      .innerJoin(issues, and(eq(issues.id, articles.issueId), eq(issues.status, 'published')))
      .where(eq(responses.id, input.responseId))
      .for('update', { of: responses });
    if (!response || response.status !== 'published') return 'This response is not there to report (it may have been removed already).';
    if (response.authorId === user.id) return 'You cannot report your own response; you can edit or delete it instead.';
    const inserted = await tx
      .insert(reports)
      .values({ responseId: response.id, reporterId: user.id, reason: input.reason, note: input.note || null })
      .onConflictDoNothing()
      .returning({ id: reports.id });
    if (inserted.length === 0) return 'You have already reported this response; the moderators will look at it.';
    const [{ value: counted } = { value: 0 }] = await tx
      .select({ value: count() })
      .from(reports)
      .where(and(eq(reports.responseId, response.id), isNull(reports.resolvedAt), countsTowardHiding));
    const settings = await readModerationSettings(tx);
    if (hiddenByReports(counted, settings)) {
      await tx.update(responses).set({ status: 'pending', heldFor: 'reports', updatedAt: new Date() }).where(eq(responses.id, response.id));
      await writeLog(tx, {
        actor: RULES,
        action: 'reports-hide',
        target: { type: 'response', id: response.id },
        subjectId: response.authorId,
        articleId: response.articleId,
        reason: `${counted} open reports from established readers (the threshold is ${settings.reportThreshold}).`,
        before: { status: 'published' },
        after: { status: 'pending', heldFor: 'reports' },
      });
      expire = await changedIn(tx, tagsForResponsesChange([response.articleId], true));
    }
    return null;
  });
  if (problem) return refused(problem, formData);
  await expire();
  redirect(`/responses/${input.responseId}/report?sent=1`);
});

/** Appeals the rejection of one's own response, once, with a note. Open to a suspended reader too. */
export const appealRejection = guarded(
  {
    access: 'signed-in',
    allowSuspended: true,
    schema: z.object({
      responseId: id,
      note: textField({
        label: 'The note',
        max: 1000,
        tooLong: 'Please keep it to 1,000 characters.',
        required: 'Please say why it should be published.',
      }),
    }),
  },
  async (input, { user, formData }) => {
    const db = await getDb();
    const problem = await db.transaction(async (tx) => {
      const [response] = await tx
        .select({ authorId: responses.authorId, status: responses.status })
        .from(responses)
        .where(eq(responses.id, input.responseId))
        .for('update');
      if (!response || response.authorId !== user.id) return 'You can only appeal the rejection of your own response.';
      if (response.status !== 'rejected') return 'This response is not rejected, so there is nothing to appeal.';
      const inserted = await tx
        .insert(appeals)
        .values({ responseId: input.responseId, note: input.note })
        .onConflictDoNothing()
        .returning({ id: appeals.id });
      return inserted.length ? null : 'You have already appealed this rejection; a response can be appealed once.';
    });
    if (problem) return refused(problem, formData, { note: problem });
    redirect(`/responses/${input.responseId}?appealed=1`);
  },
);
