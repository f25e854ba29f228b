import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { config } from '@/lib/config';
import { MailHeaderError, type MailMessage } from './message';
import { openNoDelaySocket } from './no-delay-socket';
import { envelopeOf, writeToOutbox } from './send';

/**
 * Sending many messages: the briefing. With SMTP_URL, a pool of SMTP_POOL connections (nodemailer's pool transport)
 * kept open and reused for every message this process sends, until the last mailer opened on it is closed. Without
 * SMTP_URL, each message is an .eml file in MAIL_DIR, as lib/mail/send.ts writes them. Messages are checked for
 * header injection and signed with DKIM when it is configured (envelopeOf in send.ts), exactly like single ones.
 */

export type BulkMailer = {
  /** Sends one message; resolves once the server accepted it, rejects with its refusal (read it with smtpFailure). */
  send(message: MailMessage & { messageId?: string }): Promise<{ messageId: string; response: string }>;
  /** This mailer is done: the pool closes when no other mailer of the process still uses it. */
  close(): Promise<void>;
};

let pool: { transport: Transporter; users: number } | undefined;

function poolUrl(url: string, connections: number): string {
  const parsed = new URL(url);
  parsed.searchParams.set('pool', 'true');
  parsed.searchParams.set('maxConnections', String(connections));
  // Unless SMTP_URL says otherwise: a connection is replaced after this many messages (nodemailer's default, 100, is
  // low for a long send), and a server that stops answering fails the message in a minute (a temporary failure,
  // retried later) rather than holding it for nodemailer's ten.
  const defaults = { maxMessages: '1000', connectionTimeout: '30000', greetingTimeout: '30000', socketTimeout: '60000' };
  for (const [name, value] of Object.entries(defaults)) if (!parsed.searchParams.has(name)) parsed.searchParams.set(name, value);
  return parsed.toString();
}

/** A Message-ID on our domain: DKIM_DOMAIN when signing, otherwise the site's host. With its angle brackets. */
export function newMessageId(): string {
  const { DKIM_DOMAIN, SITE_URL } = config();
  const host = DKIM_DOMAIN ?? new URL(SITE_URL).hostname;
  return `<${randomUUID()}@${host.includes('.') ? host : `${host}.localdomain`}>`;
}

export function openBulkMailer(): BulkMailer {
  const { SMTP_URL, SMTP_POOL } = config();
  let closed = false;
  if (SMTP_URL) {
    pool ??= {
      transport: nodemailer.createTransport(new SMTPPool({ pool: true, url: poolUrl(SMTP_URL, SMTP_POOL), getSocket: openNoDelaySocket })),
      users: 0,
    };
    pool.users += 1;
  }
  const mine = pool;
  return {
    async send(message) {
      if (closed) throw new Error('This mailer is closed.');
      const messageId = message.messageId ?? newMessageId();
      const envelope = envelopeOf({ ...message, messageId });
      if (!mine) {
        const { file } = await writeToOutbox(envelope, message);
        return { messageId, response: `written to ${file}` };
      }
      const info = await mine.transport.sendMail(envelope);
      // One recipient per message: nodemailer rejects the promise when it is refused; this is a second guard.
      if (info.rejected.length)
        throw Object.assign(new Error(`The mail server refused ${info.rejected.join(', ')}.`), { response: info.response });
      return { messageId, response: info.response };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (!mine) return;
      mine.users -= 1;
      if (mine.users === 0) {
        if (pool === mine) pool = undefined;
        mine.transport.close();
      }
    },
  };
}

export type SmtpFailure = {
  /** Worth trying again later: a 4xx answer, or no answer at all (connection refused or dropped, a timeout). */
  temporary: boolean;
  /** The SMTP reply code, when the server gave one. */
  code: number | null;
  /** The server's reply as given, or what went wrong without one. */
  answer: string;
};

/**
 * What a send's failure means. A 5xx reply is permanent (no such mailbox, refused as spam: do not send again); a 4xx
 * reply, a dropped connection or a timeout is temporary. A message refused before it left (a header with a line
 * break, not an address) is permanent too: it would be refused again.
 */
export function smtpFailure(error: unknown): SmtpFailure {
  const failure = (error ?? {}) as { responseCode?: unknown; response?: unknown; message?: unknown };
  const answer = String(typeof failure.response === 'string' && failure.response ? failure.response : (failure.message ?? error)).trim();
  if (error instanceof MailHeaderError) return { temporary: false, code: null, answer };
  const code =
    typeof failure.responseCode === 'number' && failure.responseCode >= 200 && failure.responseCode < 600 ? failure.responseCode : null;
  return { temporary: code === null || code < 500, code, answer };
}
