import type { Executor, Tx } from '@/db/client';
import { openBulkMailer, smtpFailure, type BulkMailer, type SmtpFailure } from '@/lib/mail/bulk';
import type { MailMessage } from '@/lib/mail/message';
import { recordBounce, type BounceRecord } from '@/lib/subscriptions/bounces';
import { briefingFor, prepareBriefing, type PreparedBriefing } from './briefing-email';

/**
 * What the sending engine needs from the rest of the app, in one place so that tests can replace any part: the
 * briefing rendered once per send (prepareBriefing) and addressed per subscriber (briefingFor), the pooled mailer
 * (openBulkMailer), how to read a mail server's refusal (smtpFailure), and how a hard bounce is recorded
 * (recordBounce, which applies the bounce policy).
 */

export type Recipient = { subscriberId: number; email: string };
export type OutgoingMessage = MailMessage & { messageId: string };
export type { BulkMailer, SmtpFailure };

export type SendingMail = {
  prepare: (executor: Executor, issueId: number) => Promise<unknown>;
  message: (prepared: unknown, recipient: Recipient) => OutgoingMessage | Promise<OutgoingMessage>;
  openMailer: () => BulkMailer;
  failure: (error: unknown) => SmtpFailure;
  recordBounce: (tx: Tx, input: BounceRecord) => Promise<unknown>;
};

export const defaultMail: SendingMail = {
  prepare: prepareBriefing,
  message: (prepared, recipient) => briefingFor(prepared as PreparedBriefing, recipient),
  openMailer: openBulkMailer,
  failure: smtpFailure,
  recordBounce,
};
