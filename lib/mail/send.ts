import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { config } from '@/lib/config';
import { privateDataDir } from '@/lib/server/private-files';
import { log } from '@/lib/ops/log.mjs';
import { dkimOptions } from './dkim';
import { assertSafeMessage, type MailMessage } from './message';

/**
 * The one way single messages leave the app (sign-in links, reply emails; the briefing goes through the pooled
 * lib/mail/bulk.ts, which shares the envelope and the outbox below). With SMTP_URL, over SMTP (nodemailer). Without
 * it, each message is written as an .eml file under MAIL_DIR (and its subject and links shown in the terminal the
 * server runs in) — so sign-in works on a machine with no mail server, and tests read the messages from there. With
 * DKIM configured, every message is signed, the .eml files too.
 */

export type SentMail = { id: string; file?: string };

let transport: Transporter | undefined;

function smtp(url: string): Transporter {
  transport ??= nodemailer.createTransport(url);
  return transport;
}

export function mailFrom(): string {
  const { MAIL_FROM, SITE_NAME, SITE_URL } = config();
  if (MAIL_FROM) return MAIL_FROM;
  const host = new URL(SITE_URL).hostname;
  return `"${SITE_NAME.replace(/["\\]/g, '')}" <no-reply@${host.includes('.') ? host : `${host}.localdomain`}>`;
}

/** What nodemailer is given for a message: checked for header injection first, signed when DKIM is configured. */
export function envelopeOf(message: MailMessage & { messageId?: string }): Mail.Options {
  assertSafeMessage(message);
  if (message.messageId !== undefined && !/^<[^\s<>@]+@[^\s<>@]+>$/.test(message.messageId))
    throw new Error(`"${message.messageId}" is not a Message-ID (<id@host>).`);
  return {
    from: mailFrom(),
    to: message.to,
    subject: message.subject,
    // nodemailer takes a part's `raw` content as it is (its type leaves the option out).
    text: message.encoded ? ({ raw: message.encoded.text } as Mail.AttachmentLike) : message.text,
    html: message.encoded ? ({ raw: message.encoded.html } as Mail.AttachmentLike) : message.html,
    headers: message.headers,
    ...(message.messageId ? { messageId: message.messageId } : {}),
    dkim: dkimOptions(),
    // Our text is mostly Latin, so nodemailer would choose quoted-printable anyway, after counting every character
    // of every message — for a send of thousands, a measurable share of the work.
    textEncoding: 'quoted-printable',
    // Refuse rather than rewrite anything odd in addresses.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** Without SMTP: the message as an .eml file in MAIL_DIR, its subject and links logged. */
export async function writeToOutbox(envelope: Mail.Options, message: MailMessage): Promise<{ messageId: string; file: string }> {
  const info = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(envelope);
  const { mailDir } = config();
  privateDataDir(mailDir); // it may be outside DATA_DIR
  const file = path.join(mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
  await fs.writeFile(file, info.message as Buffer, { mode: 0o600 });
  // Its links are credentials (a sign-in link signs in): printed for the person at the terminal where the server runs
  // (`npm start` on a machine without a mail server), never into the log that a service's output goes to.
  if (process.stdout.isTTY) {
    const links = message.text.match(/https?:\/\/\S+/g) ?? [];
    console.log(`Mail to ${message.to}: "${message.subject}" (${file})${links.map((link) => `\n  ${link}`).join('')}`);
  } else log().info({ file }, 'Mail written to the outbox (MAIL_DIR)');
  return { messageId: info.messageId, file };
}

export async function sendMail(message: MailMessage): Promise<SentMail> {
  const envelope = envelopeOf(message);
  const { SMTP_URL } = config();
  if (SMTP_URL) {
    const info = await smtp(SMTP_URL).sendMail(envelope);
    if (info.rejected.length) throw new Error(`The mail server refused ${info.rejected.join(', ')}.`);
    return { id: info.messageId };
  }
  const { messageId, file } = await writeToOutbox(envelope, message);
  return { id: messageId, file };
}
