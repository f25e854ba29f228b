import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MailHeaderError, type MailMessage } from './message';

// Without SMTP_URL: every message is an .eml file in MAIL_DIR, and its subject and links are shown in the terminal
// the server runs in — not in a service's log, where a sign-in link would be a credential anyone reading it could use.
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
  const terminal = process.stdout.isTTY;
  afterEach(() => {
    process.stdout.isTTY = terminal;
    vi.restoreAllMocks();
  });

  it('writes the message as an .eml file and shows its subject and links in a terminal', async () => {
    process.stdout.isTTY = true;
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
  });

  it('logs only the file, without address or links, when its output is not a terminal (a service)', async () => {
    process.stdout.isTTY = false;
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { log } = await import('@/lib/ops/log.mjs');
    const info = vi.spyOn(log(), 'info');
    const { sendMail } = await import('./send');
    const sent = await sendMail(message);
    expect(fs.readFileSync(sent.file!, 'utf8')).toContain('reader@example.org');
    expect(printed).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith({ file: sent.file }, 'Mail written to the outbox (MAIL_DIR)');
    expect(JSON.stringify(info.mock.calls)).not.toMatch(/token|reader@/);
  });

  it('writes nothing for a message with a header line break', async () => {
    const { sendMail } = await import('./send');
    const before = fs.readdirSync(mailDir).length;
    await expect(sendMail({ ...message, subject: 'x\ny' })).rejects.toThrow(MailHeaderError);
    expect(fs.readdirSync(mailDir)).toHaveLength(before);
  });
});
