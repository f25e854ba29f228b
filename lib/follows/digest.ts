import { and, eq, lt, sql } from 'drizzle-orm';
import { createElement } from 'react';
import { queryRows, type Executor } from '@/db/client';
import { follows, users } from '@/db/schema';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import type { MailMessage } from '@/lib/mail/message';
import { renderMessage } from '@/lib/mail/render';
import { sendMail } from '@/lib/mail/send';
import { FollowDigestEmail, type DigestArticle } from '@/lib/mail/templates/FollowDigestEmail';
import { listUnsubscribeHeaders, preferencesUrl } from '@/lib/mail/unsubscribe';
import { parseMarkup, plainText } from '@/lib/responses/markup';
import { absoluteUrl, paths, siteName } from '@/lib/site';

/**
 * The digest of followed articles: each follower is emailed, at most once an hour, the responses published on the
 * articles they follow since their last digest (`follows.notified_through`; a response held for review counts from
 * when it was approved: `responses.published_at`). Left out: the follower's own responses, and replies to the
 * follower's responses — those have reply emails of their own (lib/responses/reply-notification.ts), or were turned
 * off there, and are never sent twice. Turning digests off is following nothing (the digest's one-click
 * unsubscribe unfollows all), so no setting is needed.
 */

/**
 * Responses count once the transaction that published them has surely committed: `published_at` is the time that
 * transaction started (now() in the trigger), so one still open when a digest is decided could carry a time before
 * it. Responses are written in short transactions; this margin is far longer than any.
 */
const SETTLE = sql`now() - interval '2 minutes'`;

/** Responses listed per article; the rest are counted ("and 4 more"). */
export const PER_ARTICLE = 10;
const EXCERPT = 300;

/** The readers with something new on a followed article (not yet filtered: their own responses may be all of it). */
export async function dueFollowers(executor: Executor): Promise<string[]> {
  const rows = await queryRows<{ userId: string }>(
    executor,
    sql`select distinct f.user_id as "userId" from follows f
      where exists (select 1 from responses r where r.article_id = f.article_id and r.status = 'published'
        and r.published_at > f.notified_through and r.published_at <= ${SETTLE})`,
  );
  return rows.map((row) => row.userId);
}

type DigestRow = {
  responseId: number;
  body: string;
  authorId: string | null;
  authorName: string | null;
  articleId: number;
  title: string;
  date: string;
  slug: string;
};

/** What is new for the reader, on published articles they follow, oldest first per article. */
async function newResponsesFor(executor: Executor, userId: string, cutoff: Date): Promise<DigestRow[]> {
  return queryRows<DigestRow>(
    executor,
    sql`select r.id as "responseId", r.body, r.author_id as "authorId", author.display_name as "authorName",
        a.id as "articleId", a.title, i.date::text as date, a.slug
      from follows f
      join responses r on r.article_id = f.article_id and r.status = 'published'
        and r.published_at > f.notified_through and r.published_at <= ${cutoff.toISOString()}::timestamptz
      join articles a on a.id = f.article_id and a.status = 'published'
      join issues i on i.id = a.issue_id and i.status = 'published'
      left join users author on author.id = r.author_id
      left join responses answered on answered.id = r.reply_to_id
      where f.user_id = ${userId}
        and r.author_id is distinct from ${userId}
        and answered.author_id is distinct from ${userId}
      order by a.id, r.published_at, r.id`,
  );
}

function excerptOf(body: string): string {
  const text = plainText(parseMarkup(body)).replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
}

function articlesOf(rows: DigestRow[]): DigestArticle[] {
  const byArticle = new Map<number, DigestArticle>();
  for (const row of rows) {
    const url = absoluteUrl(paths.article(row.date, row.slug));
    const article = byArticle.get(row.articleId) ?? { title: row.title, url, responses: [], more: 0 };
    byArticle.set(row.articleId, article);
    if (article.responses.length >= PER_ARTICLE) {
      article.more += 1;
      continue;
    }
    const author = row.authorId === null ? 'A former reader' : (row.authorName ?? 'A reader');
    article.responses.push({ author, excerpt: excerptOf(row.body), url: `${url}#response-${row.responseId}` });
  }
  return [...byArticle.values()];
}

export function digestMessage(to: string, userId: string, articles: DigestArticle[]): Promise<MailMessage> {
  const subject = (
    articles.length === 1 ? `New responses on “${articles[0]!.title}”` : `New responses on ${articles.length} articles you follow`
  ).replace(/[\r\n]+/g, ' ');
  return renderMessage(
    { to, subject, headers: listUnsubscribeHeaders('follows', userId) },
    createElement(FollowDigestEmail, { siteName: siteName(), subject, articles, preferencesUrl: preferencesUrl('follows', userId) }),
  );
}

/**
 * One reader's digest, decided and marked in one transaction: their follows are locked, what is new up to the
 * settled cutoff is read, every follow is moved on to the cutoff, and the email is sent before the commit. A mail
 * server that refuses throws, rolling the marks back, and the job is tried again; a process that dies after sending
 * but before committing sends the same digest again — at least once, never lost. A banned reader is sent nothing
 * (their marks still move on, so that a lifted ban does not bring a flood); a suspended one still is, as reading is
 * not what a suspension stops. Only the app's own jobs and scripts may run it.
 */
export const deliverFollowDigest = command(null, async ({ tx, actor }, input: { userId: string }) => {
  if (actor.id !== null || actor.role !== 'admin') refuse('not-allowed', 'Only the app sends digests.');
  const [user] = await tx.select({ id: users.id, email: users.email, banned: users.banned }).from(users).where(eq(users.id, input.userId));
  if (!user) return { sent: 0 };
  await tx.select({ articleId: follows.articleId }).from(follows).where(eq(follows.userId, user.id)).for('update');
  const [{ cutoff }] = (await queryRows<{ cutoff: string | Date }>(tx, sql`select ${SETTLE} as cutoff`)) as [{ cutoff: string | Date }];
  const through = new Date(cutoff);
  const rows = await newResponsesFor(tx, user.id, through);
  await tx
    .update(follows)
    .set({ notifiedThrough: through })
    .where(and(eq(follows.userId, user.id), lt(follows.notifiedThrough, through)));
  if (user.banned || rows.length === 0) return { sent: 0 };
  await sendMail(await digestMessage(user.email, user.id, articlesOf(rows)));
  return { sent: rows.length };
});
