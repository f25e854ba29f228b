import { describe, expect, it } from 'vitest';
import { withSmtpServer } from '@/test/smtp-server';
import { MailHeaderError, type MailMessage } from './message';

// The SMTP path against a real SMTP server, started here: what it receives is what a mail server would.
const { received } = withSmtpServer({ MAIL_FROM: 'The Briefing <briefing@example.org>', SITE_URL: 'https://briefing.example.org' });

const message: MailMessage = {
  to: 'reader@example.org',
  subject: 'Sign in to The Briefing',
  text: 'Someone asked to sign in with this address.\n\nSign in:\nhttps://briefing.example.org/signin/confirm?token=abc',
  html: '<!DOCTYPE html><html><body><a href="https://briefing.example.org/signin/confirm?token=abc">Sign in</a></body></html>',
};

describe('sendMail over SMTP', () => {
  it('delivers a message with a plain-text and an HTML part', async () => {
    const { sendMail } = await import('./send');
    const sent = await sendMail(message);
    expect(sent.file).toBeUndefined();
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.from).toBe('briefing@example.org');
    expect(mail!.to).toEqual(['reader@example.org']);
    expect(mail!.data).toMatch(/^Subject: Sign in to The Briefing$/m);
    expect(mail!.data).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(mail!.data).toMatch(/^Content-Type: text\/plain; charset=utf-8$/m);
    expect(mail!.data).toMatch(/^Content-Type: text\/html; charset=utf-8$/m);
    expect(mail!.data).toContain('https://briefing.example.org/signin/confirm?token=abc');
  });

  it('refuses a header with a line break, sending nothing', async () => {
    const { sendMail } = await import('./send');
    const before = received.length;
    const hostile = { ...message, subject: 'Hello\r\nBcc: victim@example.org' };
    await expect(sendMail(hostile)).rejects.toThrow(MailHeaderError);
    await expect(sendMail({ ...hostile, subject: 'Hi', to: 'reader@example.org\nBcc: victim@example.org' })).rejects.toThrow(
      MailHeaderError,
    );
    await expect(sendMail({ ...hostile, subject: 'Hi', headers: { 'X-Note': 'a\r\nBcc: victim@example.org' } })).rejects.toThrow(
      MailHeaderError,
    );
    await expect(sendMail({ ...hostile, subject: 'Hi', to: 'not an address' })).rejects.toThrow(MailHeaderError);
    expect(received).toHaveLength(before);
  });
});
