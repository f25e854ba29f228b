import { escapeHtml } from '@/lib/issues/body';

/**
 * An outgoing message. Every message has a plain-text and an HTML part; the HTML is built from escaped text only.
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

/**
 * A simple, readable message in both forms: paragraphs of text, and one call to action as a link (text part) or a
 * button-like link (HTML part).
 */
export function composeMessage(content: {
  to: string;
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string[];
  headers?: Record<string, string>;
}): MailMessage {
  const { paragraphs, action, footer = [] } = content;
  const text = [...paragraphs, ...(action ? [`${action.label}:\n${action.url}`] : []), ...(footer.length ? ['--', ...footer] : [])].join(
    '\n\n',
  );
  const html = [
    '<!doctype html><html><body style="font-family: Georgia, serif; font-size: 17px; line-height: 1.5; color: #1b1b1b; max-width: 36em;">',
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    action
      ? `<p><a href="${escapeHtml(action.url)}" style="display: inline-block; padding: 0.6em 1.2em; background: #0b3d6e; color: #ffffff; text-decoration: none; border-radius: 4px;">${escapeHtml(action.label)}</a></p><p style="font-size: 14px; color: #4d4a45;">${escapeHtml(action.url)}</p>`
      : '',
    ...footer.map((line) => `<p style="font-size: 14px; color: #4d4a45;">${escapeHtml(line)}</p>`),
    '</body></html>',
  ].join('\n');
  return { to: content.to, subject: content.subject, text, html, headers: content.headers };
}
