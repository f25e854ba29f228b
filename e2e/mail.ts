import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { dataDirOf, type ServerName } from './servers';

/**
 * The outgoing mail of the server this test runs against: .eml files in its MAIL_DIR (no SMTP in tests). The
 * cluster test's instances share one, named by E2E_MAIL_DIR.
 */
function mailDir(): string {
  if (process.env.E2E_MAIL_DIR) return process.env.E2E_MAIL_DIR;
  return path.join(dataDirOf(test.info().project.metadata.server as ServerName), 'mail');
}

/** Undoes quoted-printable, the encoding nodemailer uses for text parts. */
function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/((?:=[0-9A-F]{2})+)/g, (run) =>
    Buffer.from(
      run
        .split('=')
        .slice(1)
        .map((hex) => parseInt(hex, 16)),
    ).toString('utf8'),
  );
}

/** Undoes RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) in headers, and unfolds them. */
function decodeHeaders(headers: string): string {
  return headers
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

export type Mail = { file: string; headers: string; text: string };

function read(file: string): Mail {
  const raw = fs.readFileSync(file, 'utf8');
  const split = raw.indexOf('\n\n');
  return { file, headers: decodeHeaders(raw.slice(0, split)), text: decodeQuotedPrintable(raw.slice(split)) };
}

/** Waits for the newest message to `to` whose text matches, and returns it. */
export async function latestMailTo(to: string, matching: RegExp = /./): Promise<Mail> {
  let found: Mail | undefined;
  await expect(async () => {
    const dir = mailDir();
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : [];
    found = files
      .map((name) => read(path.join(dir, name)))
      .find((mail) => new RegExp(`^To: ${to.replace(/[.+]/g, '\\$&')}$`, 'm').test(mail.headers) && matching.test(mail.text));
    expect(found, `no mail to ${to} matching ${matching}`).toBeDefined();
  }).toPass({ timeout: 10_000 });
  return found!;
}

/** The first link in a message that starts with `prefix` (a path on this site). */
export function linkIn(mail: Mail, pathPrefix: string): string {
  const link = mail.text.match(new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[/?]/g, '\\$&')}[^\\s]*`))?.[0];
  expect(link, `no ${pathPrefix} link in ${mail.file}`).toBeDefined();
  return link!;
}
