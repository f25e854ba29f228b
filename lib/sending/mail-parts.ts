import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Executor, Tx } from '@/db/client';
import { bounces, issues, subscribers } from '@/db/schema';
import { config } from '@/lib/config';
import type { MailMessage } from '@/lib/mail/message';
import { mailFrom, sendMail } from '@/lib/mail/send';

/**
 * What the sending engine needs from the rest of the app, in one place so that tests can replace any of it:
 * the briefing rendered once per send and addressed per subscriber, a pooled mailer, how to read a mail server's
 * refusal, and how a hard bounce is recorded.
 *
 * STAND-IN: until the briefing email (lib/sending/briefing-email.ts), the bulk mailer (lib/mail/bulk.ts) and
 * recordBounce (lib/subscriptions/bounces.ts) are merged, the defaults below are minimal versions of them with
 * the same shapes.
 */

export type Recipient = { subscriberId: number; email: string };
export type OutgoingMessage = MailMessage & { messageId: string };
export type BulkMailer = {
  send: (message: OutgoingMessage) => Promise<{ messageId: string; response: string }>;
  close: () => void | Promise<void>;
};
export type SmtpFailure = { temporary: boolean; code: number | null; answer: string };
export type BounceInput = {
  subscriberId: number;
  sendId: number | null;
  kind: 'hard' | 'soft' | 'complaint';
  source: 'smtp' | 'report';
  detail: string;
};

export type SendingMail = {
  prepare: (executor: Executor, issueId: number) => Promise<unknown>;
  message: (prepared: unknown, recipient: Recipient) => OutgoingMessage | Promise<OutgoingMessage>;
  openMailer: () => BulkMailer;
  failure: (error: unknown) => SmtpFailure;
  recordBounce: (tx: Tx, input: BounceInput) => Promise<unknown>;
};

type Prepared = { date: string; url: string; subject: string };

async function prepare(executor: Executor, issueId: number): Promise<Prepared> {
  const [issue] = await executor.select({ date: issues.date }).from(issues).where(eq(issues.id, issueId));
  if (!issue) throw new Error(`There is no issue ${issueId} to send.`);
  const { SITE_URL, SITE_NAME } = config();
  return { date: issue.date, url: `${SITE_URL}/issues/${issue.date}`, subject: `${SITE_NAME}: the issue of ${issue.date}` };
}

function message(prepared: unknown, recipient: Recipient): OutgoingMessage {
  const { url, subject } = prepared as Prepared;
  const host = new URL(config().SITE_URL).hostname;
  const messageId = `<briefing.${randomUUID()}@${host.includes('.') ? host : `${host}.localdomain`}>`;
  return { to: recipient.email, subject, text: `${subject}\n\n${url}\n`, html: `<p><a href="${url}">${subject}</a></p>`, messageId };
}

function openMailer(): BulkMailer {
  const { SMTP_URL, SMTP_POOL } = config();
  if (!SMTP_URL)
    return {
      send: async (outgoing) => ({ messageId: (await sendMail(outgoing)).id, response: 'written to the mail folder' }),
      close: () => {},
    };
  const transport = nodemailer.createTransport({
    url: SMTP_URL,
    pool: true,
    maxConnections: SMTP_POOL,
    // Well inside the sender's lease (lib/sending/rules.ts): an answer that never comes is a failure, not a hang.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as unknown as nodemailer.TransportOptions);
  return {
    send: async (outgoing) => {
      const info = await transport.sendMail({
        from: mailFrom(),
        to: outgoing.to,
        subject: outgoing.subject,
        text: outgoing.text,
        html: outgoing.html,
        headers: outgoing.headers,
        messageId: outgoing.messageId,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transport.close(),
  };
}

/** A mail server's refusal: 5xx is permanent, 4xx and anything without a code (a dropped connection) temporary. */
function failure(error: unknown): SmtpFailure {
  const { responseCode, response, message } = (error ?? {}) as { responseCode?: number; response?: string; message?: string };
  const code = typeof responseCode === 'number' ? responseCode : null;
  return { temporary: code === null || code < 500, code, answer: (response ?? message ?? String(error)).slice(0, 1000) };
}

async function recordBounce(tx: Tx, input: BounceInput) {
  await tx.insert(bounces).values(input);
  if (input.kind !== 'hard') return { suppressed: false };
  await tx
    .update(subscribers)
    .set({ status: 'bounced', statusChangedAt: new Date(), updatedAt: new Date() })
    .where(eq(subscribers.id, input.subscriberId));
  return { suppressed: true };
}

export const defaultMail: SendingMail = { prepare, message, openMailer, failure, recordBounce };
