import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/auth/secret';
import { config } from '@/lib/config';
import { composeMessage, type MailMessage } from '@/lib/mail/message';
import { siteName } from '@/lib/site';
import { parseMarkup, plainText } from './markup';
import type { ReplyNotificationTarget } from './reply-notification';

/** A signed token that lets the holder of a reply email turn reply emails off, without signing in. */
export function unsubscribeToken(userId: string): string {
  return createHmac('sha256', authSecret()).update(`unsubscribe:replies:${userId}`).digest('base64url');
}

export function checkUnsubscribeToken(userId: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(userId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function unsubscribeUrl(userId: string, oneClick = false): string {
  const params = new URLSearchParams({ user: userId, token: unsubscribeToken(userId) });
  return `${config().SITE_URL}${oneClick ? '/api/notifications/unsubscribe' : '/notifications/unsubscribe'}?${params}`;
}

/**
 * The email that tells the author of a response that someone replied to it. Whether it is due, and sending it, is
 * the reply-notification job's (lib/jobs/reply-notification.ts).
 */
export function replyNotificationMessage({ reply, answered, article }: ReplyNotificationTarget): MailMessage {
  const excerpt = plainText(parseMarkup(reply.body));
  const link = `${article.url}#response-${reply.id}`;
  return composeMessage({
    to: answered.email,
    subject: `${reply.name ?? 'A reader'} replied to you on “${article.title}”`.replace(/[\r\n]+/g, ' '),
    paragraphs: [
      `${reply.name ?? 'A reader'} replied to your response on “${article.title}”:`,
      excerpt.length > 500 ? `${excerpt.slice(0, 497)}…` : excerpt,
    ],
    action: { label: 'Read the reply', url: link },
    footer: [`You get these emails because you respond on ${siteName()}. To stop them: ${unsubscribeUrl(answered.authorId)}`],
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl(answered.authorId, true)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
}
