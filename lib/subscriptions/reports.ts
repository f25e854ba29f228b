import { createHash } from 'node:crypto';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import type { BounceKind } from '@/db/schema';
import { readUnsubscribeSubject, type UnsubscribeLink } from '@/lib/mail/unsubscribe';

/**
 * Reading what mail servers and mailbox providers send back: delivery-status notifications (RFC 3464, a
 * multipart/report with report-type=delivery-status) and complaint reports (ARF, RFC 5965: report-type=
 * feedback-report). Each becomes a list of findings — a recipient, hard / soft / complaint, the detail, the
 * Message-ID of our original message when the report quotes it — which `npm run bounces` matches to subscribers and
 * sends. No database here.
 */

export type Finding = {
  /** The address our message went to, as the report names it (null when the provider redacted it). */
  recipient: string | null;
  kind: BounceKind;
  /** The server's diagnostic or the complaint's type, as given. */
  detail: string;
  /** The Message-ID of our message, from the report's copy of it, without angle brackets. */
  originalMessageId: string | null;
  /** Counts this finding once however often the report is read: the report's Message-ID and the recipient. */
  reportKey: string;
};

export type ReadReport =
  | { type: 'delivery-status' | 'feedback'; findings: Finding[] }
  /** A reader's mail to the mailto: address of List-Unsubscribe: its subject carries the signed link. */
  | { type: 'unsubscribe-request'; link: UnsubscribeLink }
  /** A report that needs nothing doing: a delivery confirmed, feedback that is not a complaint. */
  | { type: 'not-a-report' };

type Fields = Map<string, string>;

// The report's parts as parts: the status fields and the quoted original kept as attachments, not folded into text.
const PARSE_OPTIONS = {
  keepDeliveryStatus: true,
  ignoreEmbedded: true,
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  checksumAlgo: false,
} as const;

/** Header-style fields ("Name: value", continued on indented lines), in blocks separated by blank lines. */
export function parseFieldBlocks(text: string): Fields[] {
  const blocks: Fields[] = [];
  let current: Fields | null = null;
  let last: string | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current) blocks.push(current);
      current = null;
      last = null;
      continue;
    }
    current ??= new Map();
    if (/^[ \t]/.test(line) && last) {
      current.set(last, `${current.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    current.set(last, line.slice(colon + 1).trim());
  }
  if (current) blocks.push(current);
  return blocks;
}

/** "rfc822; <Name@Example.org>" → "name@example.org" (address types other than rfc822 give null). */
export function addressOfField(value: string | undefined): string | null {
  if (!value) return null;
  const semicolon = value.indexOf(';');
  const type = semicolon >= 0 ? value.slice(0, semicolon).trim().toLowerCase() : 'rfc822';
  if (type !== 'rfc822' && type !== 'utf-8') return null;
  const address = (semicolon >= 0 ? value.slice(semicolon + 1) : value).trim().replace(/^<|>$/g, '').trim();
  return address.includes('@') ? address.toLowerCase() : null;
}

/** "<abc@host>" → "abc@host". */
export function bareMessageId(value: string | undefined | null): string | null {
  const id = value?.trim().replace(/^<|>$/g, '').trim();
  return id ? id : null;
}

/**
 * What a delivery-status report's recipient block means: a failure with a 5.x.x status is hard (the address does
 * not work), with 4.x.x soft (the server gave up on a temporary problem); a delay is soft; delivered, relayed and
 * expanded need nothing.
 */
export function bounceKindOf(action: string | undefined, status: string | undefined, diagnostic?: string): 'hard' | 'soft' | null {
  const verb = action?.trim().toLowerCase();
  if (verb === 'delayed') return 'soft';
  if (verb !== 'failed') return null;
  const code = /^\s*([245])\.\d{1,3}\.\d{1,3}/.exec(status ?? '')?.[1] ?? /\b([45])\d\d\b/.exec(diagnostic ?? '')?.[1];
  return code === '4' ? 'soft' : 'hard';
}

function contentTypeOf(mail: ParsedMail): { value: string; params: Record<string, string> } {
  const header = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | string | undefined;
  if (!header) return { value: 'text/plain', params: {} };
  if (typeof header === 'string') return { value: header.toLowerCase(), params: {} };
  return { value: (header.value ?? '').toLowerCase(), params: header.params ?? {} };
}

const partOf = (mail: ParsedMail, ...types: string[]): Attachment | undefined =>
  mail.attachments.find((attachment) => types.includes(attachment.contentType.toLowerCase()));

/** The headers of our message as the report quotes it (message/rfc822 or text/rfc822-headers). */
async function quotedOriginal(mail: ParsedMail): Promise<{ messageId: string | null; to: string | null }> {
  const part = partOf(mail, 'message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers');
  if (!part) return { messageId: null, to: null };
  const quoted = await simpleParser(part.content, PARSE_OPTIONS);
  const to = quoted.to && !Array.isArray(quoted.to) ? quoted.to.value[0]?.address : undefined;
  return { messageId: bareMessageId(quoted.messageId), to: to ? to.toLowerCase() : null };
}

/** The report's own Message-ID, or (a report without one) a digest of its bytes: the first half of each report key. */
function reportIdOf(mail: ParsedMail, raw: Buffer): string {
  return bareMessageId(mail.messageId) ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** Reads one message: a delivery-status report, a complaint report, or neither. */
export async function readReport(raw: Buffer): Promise<ReadReport> {
  const mail = await simpleParser(raw, PARSE_OPTIONS);
  const type = contentTypeOf(mail);
  if (type.value !== 'multipart/report') {
    const link = mail.subject ? readUnsubscribeSubject(mail.subject) : undefined;
    return link ? { type: 'unsubscribe-request', link } : { type: 'not-a-report' };
  }
  const reportType = (type.params['report-type'] ?? '').toLowerCase();
  const reportId = reportIdOf(mail, raw);

  if (reportType === 'delivery-status') {
    const part = partOf(mail, 'message/delivery-status', 'message/global-delivery-status');
    if (!part) return { type: 'not-a-report' };
    const [, ...recipients] = parseFieldBlocks(part.content.toString('utf8'));
    const original = await quotedOriginal(mail);
    const findings: Finding[] = [];
    for (const fields of recipients) {
      const diagnostic = fields.get('diagnostic-code');
      const kind = bounceKindOf(fields.get('action'), fields.get('status'), diagnostic);
      if (!kind) continue;
      // The address we sent to: Original-Recipient when the server kept it (a forward rewrites Final-Recipient).
      const recipient = addressOfField(fields.get('original-recipient')) ?? addressOfField(fields.get('final-recipient')) ?? original.to;
      const status = fields.get('status') ?? '';
      const detail = [`${fields.get('action')?.toLowerCase()} ${status}`.trim(), diagnostic].filter(Boolean).join(': ');
      findings.push({ recipient, kind, detail, originalMessageId: original.messageId, reportKey: `${reportId} ${recipient ?? '?'}` });
    }
    return findings.length ? { type: 'delivery-status', findings } : { type: 'not-a-report' };
  }

  if (reportType === 'feedback-report') {
    const part = partOf(mail, 'message/feedback-report');
    if (!part) return { type: 'not-a-report' };
    const fields = parseFieldBlocks(part.content.toString('utf8'))[0] ?? new Map<string, string>();
    const feedbackType = (fields.get('feedback-type') ?? '').toLowerCase();
    if (feedbackType !== 'abuse') return { type: 'not-a-report' };
    const original = await quotedOriginal(mail);
    const recipient = addressOfField(fields.get('original-rcpt-to')) ?? original.to;
    const detail = ['abuse', fields.get('user-agent'), fields.get('arrival-date')].filter(Boolean).join('; ');
    return {
      type: 'feedback',
      findings: [
        { recipient, kind: 'complaint', detail, originalMessageId: original.messageId, reportKey: `${reportId} ${recipient ?? '?'}` },
      ],
    };
  }
  return { type: 'not-a-report' };
}

/** "From sender date": a separator names a sender and a time; a body line that merely starts "From " does not. */
const MBOX_SEPARATOR = /^From \S+ +\S.*\d\d:\d\d/;

/**
 * The messages of an mbox file: split at each "From " line that starts a message (at the file's start or after a
 * blank line), with the ">From " quoting of mboxrd undone. An .eml file is one message.
 */
export function splitMbox(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const messages: string[][] = [];
  let current: string[] | null = null;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const startsMessage = MBOX_SEPARATOR.test(line) && (index === 0 || lines[index - 1] === '');
    if (startsMessage) {
      if (current) messages.push(current);
      current = [];
      continue;
    }
    if (!current) continue; // text before the first separator is not a message
    current.push(/^>+From /.test(line) ? line.slice(1) : line);
  }
  if (current) messages.push(current);
  return messages.map((message) => {
    // The blank line before the next separator belongs to the mbox format, not to the message.
    while (message.length && message.at(-1) === '') message.pop();
    return `${message.join('\r\n')}\r\n`;
  });
}

/** Whether a file is an mbox (starts with a "From " separator line) rather than one message. */
export function isMbox(text: string): boolean {
  return MBOX_SEPARATOR.test(text.slice(0, text.indexOf('\n') >>> 0));
}
