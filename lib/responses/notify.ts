import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { responses, users } from '@/db/schema';
import { authSecret } from '@/lib/auth/secret';
import { config } from '@/lib/config';
import { composeMessage } from '@/lib/mail/message';
import { sendMail } from '@/lib/mail/send';
import { siteName } from '@/lib/site';
import { parseMarkup, plainText } from './markup';

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

  const excerpt = plainText(parseMarkup(reply.body));
  const link = `${article.url}#response-${replyId}`;
  await sendMail(
    composeMessage({
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
    }),
  );
}
