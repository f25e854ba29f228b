import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '@/lib/config';
import { privateDataDir } from '@/lib/server/private-files';
import { assertSafeMessage, type MailMessage } from './message';

/**
 * The one way mail leaves the app. With SMTP_URL, over SMTP (nodemailer). Without it, each message is written
 * as an .eml file under MAIL_DIR and its subject and links are printed to the log — so sign-in works on a machine
 * with no mail server, and tests read the messages from there.
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

export async function sendMail(message: MailMessage): Promise<SentMail> {
  assertSafeMessage(message);
  const { SMTP_URL, mailDir } = config();
  const envelope = {
    from: mailFrom(),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    // Refuse rather than rewrite anything odd in addresses.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (SMTP_URL) {
    const info = await smtp(SMTP_URL).sendMail(envelope);
    if (info.rejected.length) throw new Error(`The mail server refused ${info.rejected.join(', ')}.`);
    return { id: info.messageId };
  }
  const info = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(envelope);
  privateDataDir(mailDir); // it may be outside DATA_DIR
  const file = path.join(mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
  await fs.writeFile(file, info.message as Buffer, { mode: 0o600 });
  const links = message.text.match(/https?:\/\/\S+/g) ?? [];
  console.log(`Mail to ${message.to}: "${message.subject}" (${file})${links.map((link) => `\n  ${link}`).join('')}`);
  return { id: info.messageId, file };
}
