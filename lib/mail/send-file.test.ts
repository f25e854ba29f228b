import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MailHeaderError, type MailMessage } from './message';

// Without SMTP_URL: every message is an .eml file in MAIL_DIR, and its subject and links are logged.
let mailDir: string;

beforeAll(() => {
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-mail-'));
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  process.env.MAIL_DIR = mailDir;
  process.env.SITE_URL = 'http://localhost:3000';
});

afterAll(() => fs.rmSync(mailDir, { recursive: true, force: true }));

const LINK = 'http://localhost:3000/signin/confirm?token=abc&email=reader%40example.org';
const message: MailMessage = {
  to: 'reader@example.org',
  subject: 'Sign in to <The Briefing>',
  text: `Someone asked to sign in with this address.\n\nSign in:\n${LINK}`,
  html: `<!DOCTYPE html><html><body><p>Someone asked to sign in with this address.</p><a href="${LINK.replace('&', '&amp;')}">Sign in</a></body></html>`,
};

describe('sendMail without SMTP', () => {
  it('writes the message as an .eml file and logs its subject and links', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { sendMail } = await import('./send');
    const sent = await sendMail(message);
    expect(sent.file).toBeDefined();
    expect(path.dirname(sent.file!)).toBe(mailDir);
    const eml = fs.readFileSync(sent.file!, 'utf8');
    expect(eml).toMatch(/^From: "?The Fortnightly Briefing"? <no-reply@localhost\.localdomain>$/m);
    expect(eml).toMatch(/^To: reader@example\.org$/m);
    expect(eml).toMatch(/^Content-Type: text\/plain/m);
    expect(eml).toMatch(/^Content-Type: text\/html/m);
    expect(log.mock.calls.flat().join('\n')).toContain('"Sign in to <The Briefing>"');
    expect(log.mock.calls.flat().join('\n')).toContain(LINK);
    log.mockRestore();
  });

  it('writes nothing for a message with a header line break', async () => {
    const { sendMail } = await import('./send');
    const before = fs.readdirSync(mailDir).length;
    await expect(sendMail({ ...message, subject: 'x\ny' })).rejects.toThrow(MailHeaderError);
    expect(fs.readdirSync(mailDir)).toHaveLength(before);
  });
});
