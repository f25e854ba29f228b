import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { MailHeaderError, type MailMessage } from './message';

// The SMTP path against a real SMTP server, started here: what it receives is what a mail server would.
const received: { from: string; to: string[]; data: string }[] = [];
let server: SMTPServer;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = 'The Briefing <briefing@example.org>';
  process.env.SITE_URL = 'https://briefing.example.org';
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

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
