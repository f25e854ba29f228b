/**
 * The words beside each subscribe button, in one place: the form shows them and the subscriber's row keeps them
 * (consent_wording), with which form it was (consent_source) and when (consent_at). Changing a wording here changes
 * what new subscribers agree to; rows already stored keep the words they were shown.
 */

/** The forms a visitor subscribes on with an email address (double opt-in). */
export const FORM_SOURCES = ['subscribe-page', 'article', 'footer'] as const;
export type FormSource = (typeof FORM_SOURCES)[number];

/** Every way a reader subscribes themselves: the forms, and the one button for a signed-in reader. */
export const CONSENT_SOURCES = [...FORM_SOURCES, 'account'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

const BY_EMAIL =
  'Email me each new briefing, about once a fortnight. I will first get an email asking me to confirm. Every briefing has a link to stop; my address is used for nothing else.';

export const CONSENT_WORDING: Record<ConsentSource, string> = {
  'subscribe-page': BY_EMAIL,
  article: BY_EMAIL,
  footer: BY_EMAIL,
  account:
    'Email each new briefing, about once a fortnight, to the address I sign in with. Every briefing has a link to stop; my address is used for nothing else.',
};

export function isFormSource(value: unknown): value is FormSource {
  return typeof value === 'string' && (FORM_SOURCES as readonly string[]).includes(value);
}
