import 'server-only';
import { eq } from 'drizzle-orm';
import { createElement } from 'react';
import { getDb } from '@/db/client';
import { responses, users } from '@/db/schema';
import type { MailMessage } from '@/lib/mail/message';
import { renderMessage } from '@/lib/mail/render';
import { sendMail } from '@/lib/mail/send';
import { ReplyEmail } from '@/lib/mail/templates/ReplyEmail';
import { unsubscribeUrl } from '@/lib/mail/unsubscribe';
import { siteName } from '@/lib/site';
import { parseMarkup, plainText } from './markup';

/** What a reply email is made from: who gets it, who replied, and where. */
export type ReplyNotice = {
  to: string;
  /** The answered author's user id, for their unsubscribe link. */
  recipientId: string;
  replierName: string | null;
  replyId: number;
  /** The reply as stored (markup). */
  replyBody: string;
  article: { title: string; url: string };
};

/** The email telling an author about a reply: built from data alone, so whoever sends it needs no request. */
export function replyMessage(notice: ReplyNotice): Promise<MailMessage> {
  const replier = notice.replierName ?? 'A reader';
  const excerpt = plainText(parseMarkup(notice.replyBody));
  return renderMessage(
    {
      to: notice.to,
      subject: `${replier} replied to you on “${notice.article.title}”`.replace(/[\r\n]+/g, ' '),
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl('replies', notice.recipientId, { oneClick: true })}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    },
    createElement(ReplyEmail, {
      siteName: siteName(),
      replier,
      articleTitle: notice.article.title,
      excerpt: excerpt.length > 500 ? `${excerpt.slice(0, 497)}…` : excerpt,
      replyUrl: `${notice.article.url}#response-${notice.replyId}`,
      unsubscribeUrl: unsubscribeUrl('replies', notice.recipientId),
    }),
  );
}

/**
 * Tells the author of the response a reply answers, if they asked to be told (and are not the one replying).
 * Runs after the reply is committed and the reader has their page; a failure here is logged, not shown.
 */
export async function notifyReply(replyId: number, article: { title: string; url: string }): Promise<void> {
  const db = await getDb();
  const [reply] = await db
    .select({ body: responses.body, authorId: responses.authorId, replyToId: responses.replyToId, name: users.displayName })
    .from(responses)
    .leftJoin(users, eq(users.id, responses.authorId))
    .where(eq(responses.id, replyId));
  if (!reply?.replyToId) return;
  const [answered] = await db
    .select({ authorId: users.id, email: users.email, notify: users.notifyReplies })
    .from(responses)
    .innerJoin(users, eq(users.id, responses.authorId))
    .where(eq(responses.id, reply.replyToId));
  if (!answered || !answered.notify || answered.authorId === reply.authorId) return;

  await sendMail(
    await replyMessage({
      to: answered.email,
      recipientId: answered.authorId,
      replierName: reply.name,
      replyId,
      replyBody: reply.body,
      article,
    }),
  );
}
