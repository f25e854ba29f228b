'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { responseModes } from '@/db/schema';
import { idField as id, optionalIdField as optionalId } from '@/lib/actions/fields';
import { guarded, refused } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { textField } from '@/lib/text/field';
import { ruleOnAppeal } from './appeals';
import { changeArticleMode } from './article-mode';
import { decideResponses, type Verdict } from './decisions';
import { changeFeatured } from './featuring';
import { REJECTION_CODES, type RejectionReason } from './reasons';
import { returnAddress } from './return-path';
import { changeSanction, MAX_SUSPENSION_DAYS, SANCTION_NEEDS_REASON, SUSPENSION_NEEDS_DAYS } from './sanctions';

/**
 * What moderators do from the queue: approve, reject (with a reason the author sees), feature, decide appeals,
 * suspend or ban, open or close an article. Each is a guarded server action for those who moderate, which reads
 * the form, hands the work to its command (decisions.ts, featuring.ts, appeals.ts, sanctions.ts, article-mode.ts)
 * and sends the moderator back to where they were, with the next item focused.
 */

const note = textField({ label: 'The note', max: 500, tooLong: 'Please keep the note to 500 characters.' });
const navigation = { returnTo: z.string().optional(), next: optionalId };

const reason = z.enum(REJECTION_CODES as [RejectionReason, ...RejectionReason[]], { error: 'Please choose a reason.' });

export const approveResponse = guarded(
  { access: 'moderate-responses', schema: z.object({ responseId: id, ...navigation }) },
  async (input, { user }) => {
    await perform(user, decideResponses, { responseIds: [input.responseId], verdict: { kind: 'approve' } });
    redirect(returnAddress(input.returnTo, 'approved', input.next ?? null));
  },
);

export const rejectResponse = guarded(
  { access: 'moderate-responses', schema: z.object({ responseId: id, reason, note, ...navigation }) },
  async (input, { user }) => {
    await perform(user, decideResponses, {
      responseIds: [input.responseId],
      verdict: { kind: 'reject', reason: input.reason, note: input.note },
    });
    redirect(returnAddress(input.returnTo, 'rejected', input.next ?? null));
  },
);

/** Approves or rejects the responses ticked in the queue (the `selected` fields), all or none. */
export const bulkDecide = guarded(
  {
    access: 'moderate-responses',
    schema: z.object({
      decision: z.enum(['approve', 'reject'], { error: 'Please choose approve or reject.' }),
      reason: reason.optional(),
      note,
      ...navigation,
    }),
  },
  async (input, { user, formData }) => {
    const selected = z
      .array(id)
      .min(1, 'Please tick the responses to act on.')
      .max(100, 'Please act on at most 100 responses at once.')
      .safeParse(formData.getAll('selected'));
    if (!selected.success) return refused(selected.error.issues[0]!.message, formData);
    let verdict: Verdict = { kind: 'approve' };
    if (input.decision === 'reject') {
      if (!input.reason) return refused('Please choose a reason for rejecting.', formData, { reason: 'Please choose a reason.' });
      verdict = { kind: 'reject', reason: input.reason, note: input.note };
    }
    await perform(user, decideResponses, { responseIds: selected.data, verdict });
    redirect(returnAddress(input.returnTo, input.decision === 'approve' ? 'bulk-approved' : 'bulk-rejected', null));
  },
);

/** Features a published response (shown first, with a mark), or stops featuring it. */
export const featureResponse = guarded(
  { access: 'moderate-responses', schema: z.object({ responseId: id, featured: z.enum(['yes', 'no']), ...navigation }) },
  async (input, { user }) => {
    const featured = input.featured === 'yes';
    await perform(user, changeFeatured, { responseId: input.responseId, featured });
    redirect(returnAddress(input.returnTo, featured ? 'featured' : 'unfeatured', input.next ?? null));
  },
);

/** Decides an appeal: the rejection stands (upheld) or the response is published (overturned). */
export const decideAppeal = guarded(
  { access: 'moderate-responses', schema: z.object({ appealId: id, outcome: z.enum(['upheld', 'overturned']), note, ...navigation }) },
  async (input, { user }) => {
    await perform(user, ruleOnAppeal, { appealId: input.appealId, outcome: input.outcome, note: input.note });
    redirect(returnAddress(input.returnTo, `appeal-${input.outcome}`, input.next ?? null));
  },
);

/** Suspends a reader for some days, bans them, or lifts either; optionally removes their published responses. */
export const sanctionReader = guarded(
  {
    access: 'moderate-responses',
    schema: z.object({
      userId: z.string().uuid('Missing or invalid reference.'),
      kind: z.enum(['suspend', 'ban', 'lift'], { error: 'Please choose suspend, ban or lift.' }),
      days: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(MAX_SUSPENSION_DAYS).optional()),
      reason: textField({ label: 'The reason', max: 500, tooLong: 'Please keep the reason to 500 characters.' }),
      hideResponses: z.string().optional(),
      ...navigation,
    }),
  },
  async (input, { user, formData }) => {
    // The command refuses these too; the form says them first, beside the field, in the field's own words.
    if (input.kind === 'suspend' && !input.days) return refused(SUSPENSION_NEEDS_DAYS, formData, { days: 'Please choose a period.' });
    if (input.kind !== 'lift' && !input.reason) return refused(SANCTION_NEEDS_REASON, formData, { reason: 'Please give a reason.' });
    await perform(user, changeSanction, {
      userId: input.userId,
      kind: input.kind,
      days: input.days,
      reason: input.reason,
      removeResponses: input.hideResponses === 'on',
    });
    redirect(
      returnAddress(input.returnTo, input.kind === 'lift' ? 'lifted' : input.kind === 'ban' ? 'banned' : 'suspended', input.next ?? null),
    );
  },
);

/** Opens, premoderates or closes one article's responses. */
export const setArticleMode = guarded(
  {
    access: 'moderate-responses',
    schema: z.object({
      articleId: id,
      mode: z.enum(responseModes, { error: 'Please choose how the article takes responses.' }),
      ...navigation,
    }),
  },
  async (input, { user }) => {
    await perform(user, changeArticleMode, { articleId: input.articleId, mode: input.mode });
    redirect(returnAddress(input.returnTo, 'mode', null));
  },
);
