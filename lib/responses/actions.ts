'use server';

import { and, count, desc, eq, gt, sql } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import { articles, issues, responses, users, type ResponseStatus } from '@/db/schema';
import { checkDisplayName } from '@/lib/accounts/rules';
import { idField as id, optionalIdField as optionalId } from '@/lib/actions/fields';
import { guarded, refused, type FormState } from '@/lib/actions/guard';
import type { CurrentUser } from '@/lib/auth/session';
import { changedIn } from '@/lib/cache/changes';
import { tags } from '@/lib/cache/tags';
import { isStaffRole } from '@/lib/moderation/access';
import { RULES, writeLog } from '@/lib/moderation/log';
import { decide, type Decision } from '@/lib/moderation/rules';
import { readModerationSettings } from '@/lib/moderation/settings';
import { responseVerdict } from '@/lib/ratelimit/rules';
import { paths } from '@/lib/site';
import { discardDraft, saveDraft } from './drafts';
import { queueReplyNotification } from './reply-notification';
import { checkBody, editableUntil } from './rules';

/**
 * Posting, editing and removing responses. Every function here is a public endpoint, so each goes through
 * `guarded` (who, may they, is the form valid) and then checks what only it can: the article takes responses,
 * the response is the reader's own, the edit window is open, the reader is within the rate limits.
 */

async function loadArticle(tx: Tx, articleId: number) {
  const [article] = await tx
    .select({ id: articles.id, slug: articles.slug, title: articles.title, mode: articles.responsesMode, date: issues.date })
    .from(articles)
    .innerJoin(issues, and(eq(issues.id, articles.issueId), eq(issues.status, 'published')))
    .where(eq(articles.id, articleId));
  return article ?? null;
}

/** The published response `id` under the article, or null: what a reply may answer. */
async function publishedResponseOf(tx: Tx, id: number, articleId: number) {
  const [answered] = await tx
    .select({ id: responses.id, parentId: responses.parentId })
    .from(responses)
    .where(and(eq(responses.id, id), eq(responses.articleId, articleId), eq(responses.status, 'published')));
  return answered ?? null;
}

/** An article's responses changed (and, when one appears or goes, the counts shown on issue pages). */
function changed(tx: Tx, articleId: number, countsToo: boolean) {
  return changedIn(tx, [tags.responses(articleId), ...(countsToo ? [tags.responseCounts] : [])]);
}

/** Where the rules put a response: published (or left as it was, for an edit), held, or rejected. */
function statusAfter(decision: Decision, otherwise: ResponseStatus): ResponseStatus {
  return decision.outcome === 'reject' ? 'rejected' : decision.outcome === 'hold' ? 'pending' : otherwise;
}

function decisionColumns(decision: Decision, status: ResponseStatus) {
  return {
    status,
    heldFor: decision.outcome === 'hold' ? decision.rule : null,
    rejectionReason: decision.outcome === 'reject' ? decision.reason : null,
    rejectionNote: decision.outcome === 'reject' ? decision.detail : null,
  };
}

function logRulesRejection(tx: Tx, responseId: number, authorId: string, articleId: number, detail: string) {
  return writeLog(tx, {
    actor: RULES,
    action: 'rules-reject',
    target: { type: 'response', id: responseId },
    subjectId: authorId,
    articleId,
    reason: detail,
    after: { status: 'rejected' },
  });
}

async function postChecked(
  tx: Tx,
  user: CurrentUser,
  input: { articleId: number; replyToId?: number; body: string; displayName?: string },
  formData: FormData,
): Promise<{ refused: FormState } | { id: number; status: ResponseStatus; article: NonNullable<Awaited<ReturnType<typeof loadArticle>>> }> {
  const article = await loadArticle(tx, input.articleId);
  if (!article) return { refused: refused('This article is not open for responses.', formData) };
  if (article.mode === 'closed') return { refused: refused('Responses to this article are closed.', formData) };

  let parentId: number | null = null;
  if (input.replyToId) {
    const answered = await publishedResponseOf(tx, input.replyToId, article.id);
    if (!answered) return { refused: refused('The response you are replying to is no longer there.', formData) };
    // One level of threading: a reply to a reply joins the thread of the first response.
    parentId = answered.parentId ?? answered.id;
  }

  // One post at a time per reader, so that two quick submissions cannot both pass the limits.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`responses:${user.id}`}))`);
  const [last] = await tx
    .select({ createdAt: responses.createdAt })
    .from(responses)
    .where(eq(responses.authorId, user.id))
    .orderBy(desc(responses.id))
    .limit(1);
  const [{ value: postsLastDay } = { value: 0 }] = await tx
    .select({ value: count() })
    .from(responses)
    .where(and(eq(responses.authorId, user.id), gt(responses.createdAt, new Date(Date.now() - 86_400_000))));
  const verdict = responseVerdict(
    { accountCreatedAt: user.createdAt.getTime(), lastPostAt: last?.createdAt.getTime() ?? null, postsLastDay },
    Date.now(),
  );
  if (!verdict.ok) return { refused: refused(verdict.message, formData) };

  if (input.displayName) await tx.update(users).set({ displayName: input.displayName, updatedAt: new Date() }).where(eq(users.id, user.id));
  const [{ value: publishedCount } = { value: 0 }] = await tx
    .select({ value: count() })
    .from(responses)
    .where(and(eq(responses.authorId, user.id), eq(responses.status, 'published')));
  const decision = decide(
    { body: input.body, mode: article.mode, kind: 'new', author: { isStaff: isStaffRole(user.role), publishedCount, sanctioned: false } },
    await readModerationSettings(tx),
  );
  const status = statusAfter(decision, 'published');
  const [created] = await tx
    .insert(responses)
    .values({
      articleId: article.id,
      authorId: user.id,
      parentId,
      replyToId: input.replyToId ?? null,
      body: input.body,
      ...decisionColumns(decision, status),
    })
    .returning({ id: responses.id });
  if (decision.outcome === 'reject') await logRulesRejection(tx, created!.id, user.id, article.id, decision.detail);
  return { id: created!.id, status, article };
}

const postSchema = z.object({
  articleId: id,
  replyToId: optionalId,
  body: z.string({ error: 'Please write your response.' }),
  displayName: z.string().optional(),
  draftId: z.string().optional(),
});

/**
 * Posts a response (or a reply). A reader who is not signed in, or has no name yet, keeps the text as a draft and
 * is sent to sign in (or to choose a name), then comes back to post it.
 */
export const postResponse = guarded({ access: 'anyone', schema: postSchema }, async (input, { user, formData }) => {
  const body = checkBody(input.body);
  if (!body.ok) return refused(body.error, formData, { body: body.error });

  const db = await getDb();
  let displayName: string | undefined;
  if (user && !user.displayName && input.displayName !== undefined) {
    const { bannedWords } = await readModerationSettings(db);
    const name = checkDisplayName(input.displayName, { role: user.role, bannedWords });
    if (!name.ok) return refused(name.error, formData, { displayName: name.error });
    displayName = name.value!;
  }

  if (!user || (!user.displayName && !displayName)) {
    // Keep the text for after sign-in — but only for an article that takes responses, and a reply to a response that
    // is there: what is kept must be postable. saveDraft applies the limits on drafts.
    const problem = await db.transaction(async (tx) => {
      const article = await loadArticle(tx, input.articleId);
      if (!article || article.mode === 'closed') return 'This article is not open for responses.';
      if (input.replyToId && !(await publishedResponseOf(tx, input.replyToId, article.id)))
        return 'The response you are replying to is no longer there.';
      const saved = await saveDraft(tx, { articleId: article.id, replyToId: input.replyToId ?? null, body: body.body });
      return saved.ok ? null : saved.message;
    });
    if (problem) return refused(problem, formData);
    redirect(user ? '/responses/resume' : `/signin?callbackUrl=${encodeURIComponent('/responses/resume')}&reason=respond`);
  }

  let expire = async () => {};
  const outcome = await db.transaction(async (tx) => {
    const result = await postChecked(tx, user, { ...input, body: body.body, displayName }, formData);
    if ('refused' in result) return result;
    expire = await changed(tx, result.article.id, result.status === 'published');
    await queueReplyNotification(tx, result.id);
    if (input.draftId) await discardDraft(tx);
    return result;
  });
  if ('refused' in outcome) return outcome.refused;
  await expire();

  const articlePath = paths.article(outcome.article.date, outcome.article.slug);
  redirect(outcome.status === 'published' ? `${articlePath}#response-${outcome.id}` : `/responses/${outcome.id}?posted=${outcome.status}`);
});

async function loadOwn(tx: Tx, responseId: number, user: CurrentUser) {
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
  return response && response.authorId === user.id ? response : null;
}

async function articlePathOf(tx: Tx, articleId: number): Promise<string> {
  const [row] = await tx
    .select({ slug: articles.slug, date: issues.date })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(eq(articles.id, articleId));
  return paths.article(row!.date, row!.slug);
}

/** Changes one's own response, within 15 minutes of posting it; it is then marked "edited". */
export const editResponse = guarded(
  { access: 'signed-in', schema: z.object({ responseId: id, body: z.string({ error: 'Please write your response.' }) }) },
  async (input, { user, formData }) => {
    const body = checkBody(input.body);
    if (!body.ok) return refused(body.error, formData, { body: body.error });
    const db = await getDb();
    let expire = async () => {};
    const outcome = await db.transaction(async (tx) => {
      const response = await loadOwn(tx, input.responseId, user);
      if (!response) return refused('You can only edit your own responses.', formData);
      if (!editableUntil(response))
        return refused('Responses can be edited for 15 minutes after posting; this one can no longer be changed.', formData);
      // An edit is decided afresh, but can only keep or lose a response's place: a held response stays held.
      const [article] = await tx.select({ mode: articles.responsesMode }).from(articles).where(eq(articles.id, response.articleId));
      const decision = decide(
        {
          body: body.body,
          mode: article!.mode === 'premoderated' ? 'premoderated' : 'open',
          kind: 'edit',
          author: { isStaff: isStaffRole(user.role), publishedCount: 0, sanctioned: false },
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
      if (decision.outcome === 'reject') await logRulesRejection(tx, response.id, user.id, response.articleId, decision.detail);
      expire = await changed(tx, response.articleId, status !== response.status);
      if (status !== 'published') return { path: `/responses/${response.id}?posted=${status}` };
      return { path: `${await articlePathOf(tx, response.articleId)}#response-${response.id}` };
    });
    if (!('path' in outcome)) return outcome;
    await expire();
    redirect(outcome.path);
  },
);

/**
 * Removes one's own response. Where replies hang on it, it stays in place as "removed by its author". Only from its
 * confirmation page (/responses/<id>/delete), whose form carries `confirm=yes`: a delete is never one click away.
 */
export const deleteResponse = guarded(
  { access: 'signed-in', schema: z.object({ responseId: id, confirm: z.string().optional() }) },
  async (input, { user, formData }) => {
    if (input.confirm !== 'yes')
      return refused('Please confirm: use “Delete it” on the page that asks whether to delete this response.', formData);
    const db = await getDb();
    let expire = async () => {};
    const outcome = await db.transaction(async (tx) => {
      const response = await loadOwn(tx, input.responseId, user);
      if (!response) return refused('You can only delete your own responses.', formData);
      if (response.status === 'removed') return refused('This response was already removed.', formData);
      // A removed response is no longer featured (it would take one of the article's places for featured responses).
      await tx
        .update(responses)
        .set({ status: 'removed', removedBy: 'author', featured: false, updatedAt: new Date() })
        .where(eq(responses.id, response.id));
      expire = await changed(tx, response.articleId, response.status === 'published');
      return { path: await articlePathOf(tx, response.articleId) };
    });
    if (!('path' in outcome)) return outcome;
    await expire();
    redirect(`${outcome.path}#responses`);
  },
);
