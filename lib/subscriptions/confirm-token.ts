import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/auth/secret';
import { config } from '@/lib/config';

/**
 * The link in the confirmation email. Its token is an HMAC, with the site's secret, of a purpose of its own, the
 * subscriber's id and the moment of their consent (consent_at): it confirms only that subscriber, and only that
 * request — subscribing again (a new consent_at) makes every older link worthless. It expires a week after the
 * consent it names. Nothing is stored for it.
 */

export const CONFIRMATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

type Consent = { id: number; consentAt: Date };

export function confirmationToken({ id, consentAt }: Consent): string {
  return createHmac('sha256', authSecret()).update(`subscribe-confirm:${id}:${consentAt.getTime()}`).digest('base64url');
}

/** The page the email links to; it shows a button, so a mail scanner opening the link confirms nothing. */
export function confirmationUrl(subscriber: Consent): string {
  const query = new URLSearchParams({ subscriber: String(subscriber.id), token: confirmationToken(subscriber) });
  return `${config().SITE_URL}/subscribe/confirm?${query}`;
}

export type LinkState = 'valid' | 'expired' | 'invalid';

/** Whether `token` confirms this subscriber's current request: valid, made for it but too old, or not for it at all. */
export function confirmationLinkState(subscriber: Consent, token: string, now = Date.now()): LinkState {
  const expected = Buffer.from(confirmationToken(subscriber));
  const given = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return now - subscriber.consentAt.getTime() > CONFIRMATION_LIFETIME_MS ? 'expired' : 'valid';
}
