import { and, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor, Tx } from '@/db/client';
import { articles, issues, responses, users } from '@/db/schema';
import { readable } from '@/lib/articles/visibility';
import { jobs } from '@/lib/jobs/definitions';
import { enqueue } from '@/lib/jobs/enqueue';
import { absoluteUrl, paths } from '@/lib/site';

/**
 * When a reply is announced to the author of the response it answers: once it is published — at once, or when a
 * moderator approves it or overturns its rejection — if that author wants reply emails and is not the one replying,
 * and only the first time. Asked when the write is made (to queue the email) and again when the email is sent.
 */

const answered = alias(responses, 'answered');
const answeredAuthor = alias(users, 'answered_author');
const replier = alias(users, 'replier');

export type ReplyNotificationTarget = {
  reply: { id: number; body: string; name: string | null };
  answered: { authorId: string; email: string };
  article: { title: string; url: string };
};

/** Whom the reply `responseId` is to be announced to, and with what; null when nobody is (now, or any more). */
export async function replyNotificationTarget(executor: Executor, responseId: number): Promise<ReplyNotificationTarget | null> {
  const [row] = await executor
    .select({
      id: responses.id,
      body: responses.body,
      name: replier.displayName,
      answeredAuthorId: answeredAuthor.id,
      email: answeredAuthor.email,
      title: articles.title,
      date: issues.date,
      slug: articles.slug,
    })
    .from(responses)
    .innerJoin(answered, eq(answered.id, responses.replyToId))
    .innerJoin(answeredAuthor, eq(answeredAuthor.id, answered.authorId))
    .leftJoin(replier, eq(replier.id, responses.authorId))
    .innerJoin(articles, eq(articles.id, responses.articleId))
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(
      and(
        eq(responses.id, responseId),
        eq(responses.status, 'published'),
        // An article unpublished since (or a draft) is not the readers': no email sends them to its 410.
        readable,
        isNull(responses.replyNotifiedAt),
        eq(answeredAuthor.notifyReplies, true),
        sql`${answered.authorId} is distinct from ${responses.authorId}`,
      ),
    );
  if (!row) return null;
  return {
    reply: { id: row.id, body: row.body, name: row.name },
    answered: { authorId: row.answeredAuthorId, email: row.email },
    article: { title: row.title, url: absoluteUrl(paths.article(row.date, row.slug)) },
  };
}

/**
 * Called by every write that may publish a response (posting it, approving it, overturning its rejection), in the
 * write's transaction: queues the reply email if one is due. Returns whether it did. A reply queued twice (approved
 * again before its email went) is one job, and the job sends nothing once the reply is marked notified.
 */
export async function queueReplyNotification(tx: Tx, responseId: number): Promise<boolean> {
  if (!(await replyNotificationTarget(tx, responseId))) return false;
  await enqueue(tx, jobs.replyNotification, { responseId });
  return true;
}

/** The reply has been announced: never again. */
export async function markReplyNotified(executor: Executor, responseId: number): Promise<void> {
  await executor.update(responses).set({ replyNotifiedAt: new Date() }).where(eq(responses.id, responseId));
}
