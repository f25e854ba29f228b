import type { ReactElement } from 'react';
import { render, toPlainText } from '@react-email/render';
import type { MailMessage } from './message';

/** The part of html-to-text's formatter API the action format uses (the package ships no types). */
type TextBuilder = {
  openBlock(options: { leadingLineBreaks: number }): void;
  closeBlock(options: { trailingLineBreaks: number }): void;
  addInline(text: string, options?: { noWordTransform: boolean }): void;
  addLineBreak(): void;
};
type TextElement = { attribs: Record<string, string>; children: unknown[] };
type Walk = (children: unknown[], builder: TextBuilder) => void;

/**
 * How the HTML reads as plain text. An action (the button of ActionButton) becomes its label and, on a line of its
 * own, its address: a text reader sees where it goes and can copy it whole. Headings keep their case, and the rule
 * above the footer is the customary "--".
 */
const TEXT_OPTIONS = {
  formatters: {
    action(element: TextElement, walk: Walk, builder: TextBuilder) {
      builder.openBlock({ leadingLineBreaks: 2 });
      walk(element.children, builder);
      builder.addInline(':');
      builder.addLineBreak();
      builder.addInline(element.attribs.href ?? '', { noWordTransform: true });
      builder.closeBlock({ trailingLineBreaks: 2 });
    },
  },
  selectors: [
    { selector: 'a[data-action]', format: 'action' },
    { selector: 'hr', options: { length: 2 } },
    ...['h1', 'h2', 'h3'].map((selector) => ({ selector, options: { uppercase: false } })),
    // A link marked data-heading (the briefing's article titles) reads as its words alone: its address is elsewhere.
    { selector: 'a[data-heading]', format: 'anchor', options: { ignoreHref: true } },
  ],
};

export class RelativeLinkError extends Error {
  name = 'RelativeLinkError';
}

/** A mail client has no page to resolve a relative address against: every link and image must name its site. */
function assertAbsoluteLinks(html: string): void {
  for (const [, attribute, address] of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
    if (!/^https?:\/\//.test(address!)) throw new RelativeLinkError(`A message may not link to "${address}" (${attribute}): not absolute.`);
  }
}

/**
 * A message from one React Email template: its HTML, and its plain text read from that same HTML, so the two parts
 * always say the same thing. React escapes every value a template is given; templates never set raw HTML.
 */
export async function renderMessage(envelope: Omit<MailMessage, 'text' | 'html'>, email: ReactElement): Promise<MailMessage> {
  const html = await render(email);
  assertAbsoluteLinks(html);
  return { ...envelope, html, text: toPlainText(html, TEXT_OPTIONS) };
}
