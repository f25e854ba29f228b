/**
 * An outgoing message. Every message has a plain-text and an HTML part, both rendered from one React Email template
 * (lib/mail/templates/, by renderMessage in render.ts), which escapes every value it is given.
 * Header values (to, subject, and any extra header) must not contain CR or LF: a line break in a header is how
 * mail header injection works, so such a message is refused outright rather than cleaned.
 */
export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /**
   * The same text and html as MIME parts already encoded (lib/mail/prepared-part.ts): what is sent when present, so
   * a bulk send does not encode the same briefing again for every recipient.
   */
  encoded?: { text: string; html: string };
};

export class MailHeaderError extends Error {
  name = 'MailHeaderError';
}

const ADDRESS = /^[^\s@<>"(),;:\\]+@[^\s@<>"(),;:\\]+\.[^\s@<>"(),;:\\]+$/;

export function assertSafeMessage(message: MailMessage): void {
  const headers: [string, string][] = [['To', message.to], ['Subject', message.subject], ...Object.entries(message.headers ?? {})];
  for (const [name, value] of headers) {
    if (/[\r\n\0]/.test(value)) throw new MailHeaderError(`The ${name} header of a message may not contain a line break.`);
    if (/[\r\n\0:]/.test(name)) throw new MailHeaderError(`"${name}" is not a header name.`);
  }
  if (!ADDRESS.test(message.to)) throw new MailHeaderError(`"${message.to}" is not an email address.`);
}
