import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/auth/secret';
import { config } from '@/lib/config';
import { mailFrom } from './send';

/**
 * Links that stop a kind of email without signing in. Each kind is a purpose, and a link names one recipient by
 * id (for reply emails and the digest of followed articles, the user's id; for the briefing, the subscriber's). The
 * link's token is the authorisation: it is signed over both, so a link stops only that kind of email, for only that
 * recipient. The same token opens that recipient's email preferences page (preferencesUrl).
 */
export const UNSUBSCRIBE_PURPOSES = ['replies', 'briefing', 'follows'] as const;
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

/** The page where the recipient of an email sees and changes what they get (app/(reader)/email/page.tsx). */
export function preferencesUrl(purpose: UnsubscribePurpose, id: string): string {
  return `${config().SITE_URL}/email?${unsubscribeQuery({ purpose, id, token: unsubscribeToken(purpose, id) })}`;
}

/** Where mailto: unsubscribe requests go: `unsubscribe@` the domain of the From address. */
export function unsubscribeMailbox(): string {
  const from = mailFrom();
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return `unsubscribe@${address.slice(address.lastIndexOf('@') + 1)}`;
}

/** The subject of a mailto: unsubscribe request: the same three parts as the https link's query. */
export function unsubscribeSubject(link: UnsubscribeLink): string {
  return `unsubscribe ${link.purpose} ${link.id} ${link.token}`;
}

/**
 * What a mailto: unsubscribe request's subject names, not yet checked (mail clients may prefix "Re:" or similar).
 * Reading that mailbox is the bounce reader's (npm run bounces); it checks the token and runs the same command.
 */
export function readUnsubscribeSubject(subject: string): UnsubscribeLink | undefined {
  const match = /(?:^|\s)unsubscribe ([a-z]+) ([\w-]{1,64}) ([\w-]{20,100})\s*$/.exec(subject);
  if (!match) return undefined;
  return readUnsubscribeLink({ purpose: match[1]!, id: match[2]!, token: match[3]! });
}

export type ListUnsubscribeHeaders = { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };

/**
 * The headers every email that can be stopped carries (RFC 2369 and RFC 8058): the https address a mail provider
 * posts `List-Unsubscribe=One-Click` to (no cookie, no page), and a mailto: fallback whose subject carries the token.
 */
export function listUnsubscribeHeaders(purpose: UnsubscribePurpose, id: string): ListUnsubscribeHeaders {
  const subject = unsubscribeSubject({ purpose, id, token: unsubscribeToken(purpose, id) });
  const mailto = `mailto:${unsubscribeMailbox()}?subject=${encodeURIComponent(subject)}`;
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(purpose, id, { oneClick: true })}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
