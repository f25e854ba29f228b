import { createElement } from 'react';
import type { MailMessage } from '@/lib/mail/message';
import { renderMessage } from '@/lib/mail/render';
import { ReplyEmail } from '@/lib/mail/templates/ReplyEmail';
import { listUnsubscribeHeaders, unsubscribeUrl } from '@/lib/mail/unsubscribe';
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

/**
 * The email telling an author about a reply: built from data alone, so whoever sends it needs no request. Whether
 * it is due, and sending it, is the reply-notification job's (lib/jobs/reply-notification.ts).
 */
export function replyMessage(notice: ReplyNotice): Promise<MailMessage> {
  const replier = notice.replierName ?? 'A reader';
  const excerpt = plainText(parseMarkup(notice.replyBody));
  return renderMessage(
    {
      to: notice.to,
      subject: `${replier} replied to you on “${notice.article.title}”`.replace(/[\r\n]+/g, ' '),
      headers: listUnsubscribeHeaders('replies', notice.recipientId),
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
