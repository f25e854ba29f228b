import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { articles, issues } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { tagsForArticleChange, tagsForIssueChange } from '@/lib/cache/tags';
import { command, type Write } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { jobs } from '@/lib/jobs/definitions';
import { enqueue } from '@/lib/jobs/enqueue';
import { startConfirmedSend } from '@/lib/sending/audience-check';
import { blocking, type Finding } from './checklist';
import { articleChecklist, issueChecklist } from './checklist-data';

/**
 * Publishing, the editors' last step (the page /admin/issues/<date>/publish and the scheduled-publish job share
 * these commands). An issue is published as a whole — its drafts with it — now, or at a time by a job; a single
 * article of a published issue is published, unpublished (it answers 410 with its note) or republished on its own.
 * The checklist (checklist.ts) runs inside the same transaction, so what it passed is what is published. Every
 * command logs before → after and expires the pages that show the change.
 */

/** The longest note an unpublished article shows with its 410. */
export const UNPUBLISHED_NOTE_MAX = 300;

function describeBlocks(findings: readonly Finding[]): string {
  return findings.map((finding) => (finding.article ? `“${finding.article.title}”: ${finding.message}` : finding.message)).join(' ');
}

function refuseWhenBlocked(findings: readonly Finding[], doing: string): void {
  const blocks = blocking(findings);
  if (blocks.length) refuse('conflict', `It cannot be ${doing} yet. ${describeBlocks(blocks)}`);
}

async function lockedIssue(tx: Tx, issueId: number) {
  const [issue] = await tx
    .select({ id: issues.id, date: issues.date, status: issues.status, scheduledFor: issues.scheduledFor })
    .from(issues)
    .where(eq(issues.id, issueId))
    .for('update');
  if (!issue) refuse('not-found', 'There is no such issue.');
  return issue;
}

type LockedIssue = Awaited<ReturnType<typeof lockedIssue>>;

const issueState = (issue: Pick<LockedIssue, 'status' | 'scheduledFor'>) => ({
  status: issue.status,
  scheduledFor: issue.scheduledFor?.toISOString() ?? null,
});

/**
 * Publishes the issue and every draft article in it, in the caller's transaction: the checklist first (refused
 * with its blocking findings listed), then one instant for the issue and its drafts.
 */
async function publishInTransaction(write: Write, issue: LockedIssue, cause: 'now' | 'schedule'): Promise<{ articles: number }> {
  const { tx } = write;
  if (issue.status === 'published') refuse('conflict', `The issue of ${issue.date} is already published.`);
  const checklist = await issueChecklist(tx, issue.id);
  refuseWhenBlocked(checklist!.findings, 'published');
  const now = new Date();
  await tx.update(issues).set({ status: 'published', publishedAt: now, scheduledFor: null, updatedAt: now }).where(eq(issues.id, issue.id));
  const published = await tx
    .update(articles)
    .set({ status: 'published', publishedAt: now, updatedAt: now })
    .where(and(eq(articles.issueId, issue.id), eq(articles.status, 'draft')))
    .returning({ id: articles.id });
  await write.log({
    action: 'issue-publish',
    target: { type: 'issue', id: issue.id },
    before: issueState(issue),
    after: { status: 'published', articlesPublished: published.length, ...(cause === 'schedule' ? { by: 'schedule' } : {}) },
  });
  const authorIds = [...new Set(checklist!.articles.map((article) => article.authorId))];
  write.expire(tagsForIssueChange({ issueId: issue.id, authorIds, datesChanged: true }));
  return { articles: published.length };
}

/**
 * Publishes an issue now. With `send`, also starts its send in the same transaction (the actor must also be
 * allowed to send, and the audience be about the `audienceSeen` the page showed): if the send is refused,
 * nothing is published either.
 */
export const publishIssue = command('edit-issues', async (write, input: { issueId: number; send?: { audienceSeen: number } }) => {
  if (input.send && !can(write.actor, 'send-issues'))
    refuse('not-allowed', 'You are not allowed to send issues: publish it without sending.');
  const issue = await lockedIssue(write.tx, input.issueId);
  const { articles: published } = await publishInTransaction(write, issue, 'now');
  const sent = input.send ? await startConfirmedSend.run(write, { issueId: issue.id, audienceSeen: input.send.audienceSeen }) : null;
  return { articles: published, send: sent };
});

/**
 * Publishes the issue at `at` (an instant; the page reads it in SITE_TIME_ZONE): a scheduled-publish job waits for
 * it in the database, enqueued in this transaction. The checklist must pass now, and is run again then.
 */
export const scheduleIssue = command('edit-issues', async (write, input: { issueId: number; at: Date }) => {
  const at = new Date(input.at);
  if (Number.isNaN(at.getTime())) refuse('invalid', 'Please give a date and time to publish it at.', 'at');
  if (at.getTime() <= Date.now()) refuse('invalid', 'That time has passed: choose a time to come, or publish it now.', 'at');
  const issue = await lockedIssue(write.tx, input.issueId);
  if (issue.status === 'published') refuse('conflict', `The issue of ${issue.date} is already published.`);
  const checklist = await issueChecklist(write.tx, issue.id);
  refuseWhenBlocked(checklist!.findings, 'scheduled');
  await write.tx.update(issues).set({ status: 'scheduled', scheduledFor: at, updatedAt: new Date() }).where(eq(issues.id, issue.id));
  // One job per schedule: the job carries its time, and does nothing unless the issue is still scheduled for it.
  await enqueue(write.tx, jobs.scheduledPublish, { issueId: issue.id, at: at.toISOString() }, { startAfter: at });
  await write.log({
    action: 'issue-schedule',
    target: { type: 'issue', id: issue.id },
    before: issueState(issue),
    after: { status: 'scheduled', scheduledFor: at.toISOString() },
  });
  return { scheduledFor: at };
});

/** Takes a scheduled issue back to draft; its job, when it comes, finds nothing to do. */
export const cancelSchedule = command('edit-issues', async (write, input: { issueId: number }) => {
  const issue = await lockedIssue(write.tx, input.issueId);
  if (issue.status !== 'scheduled') refuse('conflict', `The issue of ${issue.date} is not scheduled.`);
  await write.tx.update(issues).set({ status: 'draft', scheduledFor: null, updatedAt: new Date() }).where(eq(issues.id, issue.id));
  await write.log({
    action: 'issue-unschedule',
    target: { type: 'issue', id: issue.id },
    before: issueState(issue),
    after: { status: 'draft' },
  });
  return { issueId: issue.id };
});

/**
 * What the scheduled-publish job does at its time, as the system: publishes the issue if it is still scheduled
 * for exactly `at` (a job of a schedule since moved or cancelled does nothing). If the checklist blocks it now
 * (an edit since the scheduling), the issue goes back to draft and the log says why, which its publish page shows.
 */
export const publishScheduledIssue = command('edit-issues', async (write, input: { issueId: number; at: string }) => {
  const [issue] = await write.tx
    .select({ id: issues.id, date: issues.date, status: issues.status, scheduledFor: issues.scheduledFor })
    .from(issues)
    .where(eq(issues.id, input.issueId))
    .for('update');
  if (!issue || issue.status !== 'scheduled' || issue.scheduledFor?.getTime() !== new Date(input.at).getTime())
    return { outcome: 'stale' as const };
  const checklist = await issueChecklist(write.tx, issue.id);
  const blocks = blocking(checklist!.findings);
  if (blocks.length) {
    await write.tx.update(issues).set({ status: 'draft', scheduledFor: null, updatedAt: new Date() }).where(eq(issues.id, issue.id));
    await write.log({
      action: 'issue-publish-blocked',
      target: { type: 'issue', id: issue.id },
      reason: describeBlocks(blocks),
      before: issueState(issue),
      after: { status: 'draft' },
    });
    return { outcome: 'blocked' as const, reason: describeBlocks(blocks) };
  }
  await publishInTransaction(write, issue, 'schedule');
  return { outcome: 'published' as const };
});

async function lockedArticle(tx: Tx, articleId: number) {
  const [article] = await tx
    .select({
      id: articles.id,
      issueId: articles.issueId,
      title: articles.title,
      status: articles.status,
      authorId: articles.authorId,
      publishedAt: articles.publishedAt,
      unpublishedNote: articles.unpublishedNote,
      issueStatus: issues.status,
    })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(eq(articles.id, articleId))
    .for('update', { of: articles });
  if (!article) refuse('not-found', 'There is no such article.');
  return article;
}

type LockedArticle = Awaited<ReturnType<typeof lockedArticle>>;

async function changeArticle(
  write: Write,
  article: LockedArticle,
  action: 'article-publish' | 'article-unpublish' | 'article-republish',
  values: Partial<typeof articles.$inferInsert> & { status: 'published' | 'unpublished' },
) {
  await write.tx
    .update(articles)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(articles.id, article.id));
  await write.log({
    action,
    target: { type: 'article', id: article.id },
    articleId: article.id,
    before: { status: article.status, unpublishedNote: article.unpublishedNote },
    after: { status: values.status, unpublishedNote: values.unpublishedNote ?? null },
  });
  write.expire(tagsForArticleChange({ articleId: article.id, issueId: article.issueId, authorIds: [article.authorId] }));
  return { articleId: article.id, status: values.status };
}

/** Publishes a draft article added to an issue that is already published (the checklist for it alone first). */
export const publishArticle = command('edit-issues', async (write, input: { articleId: number }) => {
  const article = await lockedArticle(write.tx, input.articleId);
  if (article.issueStatus !== 'published')
    refuse('conflict', 'Its issue is not published yet: publish the issue, and its drafts go with it.');
  if (article.status !== 'draft') refuse('conflict', `“${article.title}” is not a draft.`);
  refuseWhenBlocked(await articleChecklist(write.tx, article.id), 'published');
  return changeArticle(write, article, 'article-publish', { status: 'published', publishedAt: new Date() });
});

/** Takes a published article off the site: its address answers 410 with `note`; it leaves its issue, the feed and the sitemap. */
export const unpublishArticle = command('edit-issues', async (write, input: { articleId: number; note: string }) => {
  const note = input.note.trim();
  if (!note) refuse('invalid', 'Please write a short note for readers who follow a link to it.', 'note');
  if (note.length > UNPUBLISHED_NOTE_MAX) refuse('invalid', `Please keep the note to ${UNPUBLISHED_NOTE_MAX} characters.`, 'note');
  const article = await lockedArticle(write.tx, input.articleId);
  if (article.status !== 'published') refuse('conflict', `“${article.title}” is not published.`);
  return changeArticle(write, article, 'article-unpublish', { status: 'unpublished', unpublishedNote: note });
});

/** Puts an unpublished article back, under its first publishing date (the checklist again: it may have been edited). */
export const republishArticle = command('edit-issues', async (write, input: { articleId: number }) => {
  const article = await lockedArticle(write.tx, input.articleId);
  if (article.status !== 'unpublished') refuse('conflict', `“${article.title}” is not unpublished.`);
  if (article.issueStatus !== 'published') refuse('conflict', 'Its issue is not published.');
  refuseWhenBlocked(await articleChecklist(write.tx, article.id), 'republished');
  return changeArticle(write, article, 'article-republish', { status: 'published', unpublishedNote: null });
});
