'use server';

import { and, count, eq, isNull } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import { appeals, articles, reports, responses, users } from '@/db/schema';
import { idField as id, optionalIdField as optionalId } from '@/lib/actions/fields';
import { guarded, refused } from '@/lib/actions/guard';
import { textField } from '@/lib/text/field';
import { isSanctioned, type CurrentUser } from '@/lib/auth/session';
import { changedIn } from '@/lib/cache/changes';
import { tags } from '@/lib/cache/tags';
import { queueReplyNotification } from '@/lib/responses/reply-notification';
import { STAFF_ROLES } from './access';
import { actorOf, writeLog } from './log';
import { REJECTION_CODES, type RejectionReason } from './reasons';
import { returnAddress } from './return-path';

/**
 * What moderators do from the queue: approve, reject (with a reason the author sees), feature, decide appeals,
 * suspend or ban. Each is a guarded server action for staff roles only; each change and its log entry are written
 * in one transaction; each sends the moderator back to where they were, with the next item focused.
 */

const MAX_FEATURED = 10;

const note = textField({ label: 'The note', max: 500, tooLong: 'Please keep the note to 500 characters.' });
const navigation = { returnTo: z.string().optional(), next: optionalId };

const rejection = {
  reason: z.enum(REJECTION_CODES as [RejectionReason, ...RejectionReason[]], { error: 'Please choose a reason.' }),
  note,
};

function needsNote(input: { reason: RejectionReason; note: string }): boolean {
  return input.reason === 'other' && input.note === '';
}
const OTHER_NEEDS_NOTE = 'Please say in the note why, as the reason is “another reason”.';

type Verdict = { kind: 'approve' } | { kind: 'reject'; reason: RejectionReason; note: string };

/** A problem that rolls back the whole transaction and is shown to the moderator. */
class Refusal extends Error {}

/**
 * Approves or rejects one response, resolving its open reports, and logs it. Approving a rejected response that
 * was appealed decides the appeal in the author's favour.
 */
async function decideResponse(tx: Tx, user: CurrentUser, responseId: number, verdict: Verdict) {
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
  if (!response) throw new Refusal(`Response ${responseId} does not exist.`);
  if (response.status === 'removed') throw new Refusal(`Response ${responseId} was removed, so there is nothing to decide.`);
  const [{ value: openReports } = { value: 0 }] = await tx
    .select({ value: count() })
    .from(reports)
    .where(and(eq(reports.responseId, response.id), isNull(reports.resolvedAt)));
  if (verdict.kind === 'approve' && response.status === 'published' && openReports === 0)
    throw new Refusal(`Response ${responseId} is already published.`);
  if (verdict.kind === 'reject' && response.status === 'rejected') throw new Refusal(`Response ${responseId} was already rejected.`);

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
  if (verdict.kind === 'approve')
    await tx
      .update(appeals)
      .set({ decidedAt: now, outcome: 'overturned' })
      .where(and(eq(appeals.responseId, response.id), isNull(appeals.decidedAt)));
  if (verdict.kind === 'approve') await queueReplyNotification(tx, response.id);
  await writeLog(tx, {
    actor: actorOf(user),
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

/** Decides responses in one transaction (all or none), then expires what changed and goes back. */
async function decideAll(user: CurrentUser, ids: number[], verdict: Verdict, formData: FormData) {
  const db = await getDb();
  let expire = async () => {};
  try {
    await db.transaction(async (tx) => {
      const outcomes = [];
      for (const responseId of ids) outcomes.push(await decideResponse(tx, user, responseId, verdict));
      expire = await changedIn(tx, [
        ...outcomes.map((outcome) => tags.responses(outcome.articleId)),
        ...(outcomes.some((outcome) => outcome.countsChanged) ? [tags.responseCounts] : []),
      ]);
    });
  } catch (error) {
    if (error instanceof Refusal) return refused(`${error.message}${ids.length > 1 ? ' Nothing was changed.' : ''}`, formData);
    throw error;
  }
  await expire();
  return null;
}

export const approveResponse = guarded(
  { access: STAFF_ROLES, schema: z.object({ responseId: id, ...navigation }) },
  async (input, { user, formData }) => {
    const problem = await decideAll(user, [input.responseId], { kind: 'approve' }, formData);
    if (problem) return problem;
    redirect(returnAddress(input.returnTo, 'approved', input.next ?? null));
  },
);

export const rejectResponse = guarded(
  { access: STAFF_ROLES, schema: z.object({ responseId: id, ...rejection, ...navigation }) },
  async (input, { user, formData }) => {
    if (needsNote(input)) return refused(OTHER_NEEDS_NOTE, formData, { note: OTHER_NEEDS_NOTE });
    const problem = await decideAll(user, [input.responseId], { kind: 'reject', reason: input.reason, note: input.note }, formData);
    if (problem) return problem;
    redirect(returnAddress(input.returnTo, 'rejected', input.next ?? null));
  },
);

/** Approves or rejects the responses ticked in the queue (the `selected` fields), all or none. */
export const bulkDecide = guarded(
  {
    access: STAFF_ROLES,
    schema: z.object({
      decision: z.enum(['approve', 'reject'], { error: 'Please choose approve or reject.' }),
      reason: rejection.reason.optional(),
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
      if (needsNote({ reason: input.reason, note: input.note })) return refused(OTHER_NEEDS_NOTE, formData, { note: OTHER_NEEDS_NOTE });
      verdict = { kind: 'reject', reason: input.reason, note: input.note };
    }
    const problem = await decideAll(user, [...new Set(selected.data)], verdict, formData);
    if (problem) return problem;
    redirect(returnAddress(input.returnTo, input.decision === 'approve' ? 'bulk-approved' : 'bulk-rejected', null));
  },
);

/** Features a published response (shown first, with a mark), or stops featuring it. */
export const featureResponse = guarded(
  { access: STAFF_ROLES, schema: z.object({ responseId: id, featured: z.enum(['yes', 'no']), ...navigation }) },
  async (input, { user, formData }) => {
    const featured = input.featured === 'yes';
    const db = await getDb();
    let expire = async () => {};
    const problem = await db.transaction(async (tx) => {
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
      if (!response) return 'This response does not exist.';
      if (featured && response.status !== 'published') return 'Only a published response can be featured.';
      if (response.featured === featured) return featured ? 'This response is already featured.' : 'This response is not featured.';
      if (featured) {
        const [{ value } = { value: 0 }] = await tx
          .select({ value: count() })
          .from(responses)
          .where(and(eq(responses.articleId, response.articleId), eq(responses.featured, true)));
        if (value >= MAX_FEATURED) return `At most ${MAX_FEATURED} responses can be featured on one article; stop featuring one first.`;
      }
      await tx.update(responses).set({ featured, updatedAt: new Date() }).where(eq(responses.id, response.id));
      await writeLog(tx, {
        actor: actorOf(user),
        action: featured ? 'feature' : 'unfeature',
        target: { type: 'response', id: response.id },
        subjectId: response.authorId,
        articleId: response.articleId,
        before: { featured: response.featured },
        after: { featured },
      });
      expire = await changedIn(tx, [tags.responses(response.articleId)]);
      return null;
    });
    if (problem) return refused(problem, formData);
    await expire();
    redirect(returnAddress(input.returnTo, featured ? 'featured' : 'unfeatured', input.next ?? null));
  },
);

/** Decides an appeal: the rejection stands (upheld) or the response is published (overturned). */
export const decideAppeal = guarded(
  { access: STAFF_ROLES, schema: z.object({ appealId: id, outcome: z.enum(['upheld', 'overturned']), note, ...navigation }) },
  async (input, { user, formData }) => {
    const db = await getDb();
    let expire = async () => {};
    const problem = await db.transaction(async (tx) => {
      const [appeal] = await tx
        .select({ id: appeals.id, decidedAt: appeals.decidedAt, responseId: appeals.responseId })
        .from(appeals)
        .where(eq(appeals.id, input.appealId))
        .for('update');
      if (!appeal) return 'This appeal does not exist.';
      if (appeal.decidedAt) return 'This appeal was already decided.';
      const [response] = await tx
        .select({ status: responses.status, authorId: responses.authorId, articleId: responses.articleId })
        .from(responses)
        .where(eq(responses.id, appeal.responseId))
        .for('update');
      if (response!.status !== 'rejected') return 'The response is no longer rejected, so there is nothing to decide.';
      const now = new Date();
      await tx.update(appeals).set({ decidedAt: now, outcome: input.outcome }).where(eq(appeals.id, appeal.id));
      if (input.outcome === 'overturned')
        await tx
          .update(responses)
          .set({ status: 'published', rejectionReason: null, rejectionNote: null, updatedAt: now })
          .where(eq(responses.id, appeal.responseId));
      if (input.outcome === 'overturned') await queueReplyNotification(tx, appeal.responseId);
      await writeLog(tx, {
        actor: actorOf(user),
        action: input.outcome === 'upheld' ? 'appeal-upheld' : 'appeal-overturned',
        target: { type: 'response', id: appeal.responseId },
        subjectId: response!.authorId,
        articleId: response!.articleId,
        reason: input.note || null,
        before: { status: 'rejected', appeal: 'open' },
        after: { status: input.outcome === 'upheld' ? 'rejected' : 'published', appeal: input.outcome },
      });
      if (input.outcome === 'overturned') expire = await changedIn(tx, [tags.responses(response!.articleId), tags.responseCounts]);
      return null;
    });
    if (problem) return refused(problem, formData);
    await expire();
    redirect(returnAddress(input.returnTo, `appeal-${input.outcome}`, input.next ?? null));
  },
);

/**
 * Suspends a reader for some days, bans them, or lifts either; optionally removes their published responses.
 * They keep reading (their sessions stay), and are told why and until when whenever they try to take part.
 */
export const sanctionReader = guarded(
  {
    access: STAFF_ROLES,
    schema: z.object({
      userId: z.string().uuid('Missing or invalid reference.'),
      kind: z.enum(['suspend', 'ban', 'lift'], { error: 'Please choose suspend, ban or lift.' }),
      days: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(1).max(365).optional()),
      reason: textField({ label: 'The reason', max: 500, tooLong: 'Please keep the reason to 500 characters.' }),
      hideResponses: z.string().optional(),
      ...navigation,
    }),
  },
  async (input, { user, formData }) => {
    if (input.kind === 'suspend' && !input.days)
      return refused('Please choose for how long to suspend.', formData, { days: 'Please choose a period.' });
    if (input.kind !== 'lift' && !input.reason)
      return refused('Please give a reason: the reader is told it.', formData, { reason: 'Please give a reason.' });
    const hide = input.kind !== 'lift' && input.hideResponses === 'on';
    const db = await getDb();
    let expire = async () => {};
    const problem = await db.transaction(async (tx) => {
      const [target] = await tx
        .select({ id: users.id, role: users.role, suspendedUntil: users.suspendedUntil, banned: users.banned })
        .from(users)
        .where(eq(users.id, input.userId))
        .for('update');
      if (!target) return 'This reader does not exist.';
      if (target.role !== 'reader') return 'Staff cannot be suspended or banned; an admin can make them a reader first.';
      if (input.kind === 'lift' && !isSanctioned(target)) return 'This reader is neither suspended nor banned.';
      if (input.kind === 'ban' && target.banned) return 'This reader is already banned.';
      const after = {
        banned: input.kind === 'ban',
        suspendedUntil: input.kind === 'suspend' ? new Date(Date.now() + input.days! * 86_400_000) : null,
        sanctionReason: input.kind === 'lift' ? null : input.reason,
      };
      await tx
        .update(users)
        .set({ ...after, updatedAt: new Date() })
        .where(eq(users.id, target.id));
      const hidden = hide
        ? await tx
            .update(responses)
            .set({ status: 'removed', removedBy: 'staff', featured: false, updatedAt: new Date() })
            .where(and(eq(responses.authorId, target.id), eq(responses.status, 'published')))
            .returning({ articleId: responses.articleId })
        : [];
      await writeLog(tx, {
        actor: actorOf(user),
        action: input.kind,
        target: { type: 'user', id: target.id },
        subjectId: target.id,
        reason: input.reason || null,
        before: { banned: target.banned, suspendedUntil: target.suspendedUntil },
        after: { banned: after.banned, suspendedUntil: after.suspendedUntil, ...(hide ? { responsesRemoved: hidden.length } : {}) },
      });
      if (hidden.length) expire = await changedIn(tx, [...hidden.map((row) => tags.responses(row.articleId)), tags.responseCounts]);
      return null;
    });
    if (problem) return refused(problem, formData);
    await expire();
    redirect(
      returnAddress(input.returnTo, input.kind === 'lift' ? 'lifted' : input.kind === 'ban' ? 'banned' : 'suspended', input.next ?? null),
    );
  },
);

/** Opens, premoderates or closes one article's responses. */
export const setArticleMode = guarded(
  {
    access: STAFF_ROLES,
    schema: z.object({
      articleId: id,
      mode: z.enum(['open', 'premoderated', 'closed'], { error: 'Please choose how the article takes responses.' }),
      ...navigation,
    }),
  },
  async (input, { user, formData }) => {
    const db = await getDb();
    let expire = async () => {};
    const problem = await db.transaction(async (tx) => {
      const [article] = await tx
        .select({ id: articles.id, mode: articles.responsesMode })
        .from(articles)
        .where(eq(articles.id, input.articleId))
        .for('update');
      if (!article) return 'This article does not exist.';
      if (article.mode === input.mode) return `Responses to this article are already ${input.mode}.`;
      await tx.update(articles).set({ responsesMode: input.mode, updatedAt: new Date() }).where(eq(articles.id, article.id));
      await writeLog(tx, {
        actor: actorOf(user),
        action: 'article-mode',
        target: { type: 'article', id: article.id },
        articleId: article.id,
        before: { mode: article.mode },
        after: { mode: input.mode },
      });
      expire = await changedIn(tx, [tags.content, tags.responses(article.id)]);
      return null;
    });
    if (problem) return refused(problem, formData);
    await expire();
    redirect(returnAddress(input.returnTo, 'mode', null));
  },
);
