import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/auth/secret';
import { config } from '@/lib/config';

/**
 * Links that stop a kind of email without signing in. Each kind is a purpose, and a link names one recipient by
 * id (for reply emails, the user's id; for the briefing, the subscriber's). The link's token is the authorisation: it is signed over both, so a link
 * stops only that kind of email, for only that recipient.
 */
export const UNSUBSCRIBE_PURPOSES = ['replies', 'briefing'] as const;
export type UnsubscribePurpose = (typeof UNSUBSCRIBE_PURPOSES)[number];

export type UnsubscribeLink = { purpose: UnsubscribePurpose; id: string; token: string };

/**
 * HMAC of `unsubscribe:<purpose>:<id>`: the text reply emails have been signed with from the start, so links in
 * emails already sent keep working. A purpose never contains a colon, so no other purpose and id sign the same text.
 */
export function unsubscribeToken(purpose: UnsubscribePurpose, id: string): string {
  return createHmac('sha256', authSecret()).update(`unsubscribe:${purpose}:${id}`).digest('base64url');
}

/** Compared in constant time, so that how long a check takes tells nothing about the right token. */
export function checkUnsubscribeToken({ purpose, id, token }: UnsubscribeLink): boolean {
  const expected = Buffer.from(unsubscribeToken(purpose, id));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The query string of a link: what the page's button posts on to the route. */
export function unsubscribeQuery(link: UnsubscribeLink): string {
  return new URLSearchParams({ purpose: link.purpose, id: link.id, token: link.token }).toString();
}

/**
 * The page that asks before stopping the emails (the link in the message), or with `oneClick` the address a mail
 * client posts to for RFC 8058 one-click unsubscribe (the List-Unsubscribe header).
 */
export function unsubscribeUrl(purpose: UnsubscribePurpose, id: string, { oneClick = false } = {}): string {
  const query = unsubscribeQuery({ purpose, id, token: unsubscribeToken(purpose, id) });
  return `${config().SITE_URL}${oneClick ? '/api/notifications/unsubscribe' : '/notifications/unsubscribe'}?${query}`;
}

function isPurpose(value: string): value is UnsubscribePurpose {
  return (UNSUBSCRIBE_PURPOSES as readonly string[]).includes(value);
}

/**
 * What a link's query names, not yet checked. Reply emails sent before purposes existed carry `?user=<id>&token=`
 * with no purpose: those are reply links.
 */
export function readUnsubscribeLink(query: Partial<Record<'purpose' | 'id' | 'user' | 'token', string>>): UnsubscribeLink | undefined {
  const { purpose = 'replies', token } = query;
  const id = query.purpose === undefined ? query.user : query.id;
  if (!isPurpose(purpose) || !id || !token) return undefined;
  return { purpose, id, token };
}
