import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { smtpFailure } from './bulk';

// The pooled connections are opened by lib/mail/no-delay-socket.ts rather than by nodemailer: they must still speak
// every way SMTP_URL can ask for — plain, STARTTLS and implicit TLS (smtps) — and fail as nodemailer's would.

const closers: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** An SMTP server with smtp-server's own self-signed certificate: implicit TLS when `secure`, else STARTTLS offered. */
async function server(secure: boolean) {
  const sessions: { secure: boolean; to: string }[] = [];
  const smtp = new SMTPServer({
    secure,
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        sessions.push({ secure: session.secure, to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',') });
        callback();
      });
    },
  });
  // A client that gives up on the certificate closes mid-handshake, which smtp-server reports as an error.
  smtp.on('error', () => {});
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => smtp.close(() => resolve(undefined))));
  return { port: (smtp.server.address() as net.AddressInfo).port, sessions };
}

/** A bulk mailer of a fresh module graph: the configuration is read once per process, and each test has its own URL. */
async function mailerFor(url: string) {
  Object.assign(process.env, { SMTP_URL: url, SMTP_POOL: '2', SITE_URL: 'https://briefing.example.org' });
  vi.resetModules();
  const { openBulkMailer } = await import('./bulk');
  const mailer = openBulkMailer();
  closers.push(() => mailer.close());
  return mailer;
}

const message = (to: string) => ({ to, subject: 'The briefing', text: 'Hello.', html: '<p>Hello.</p>' });

describe('the pooled connections', () => {
  it('send over STARTTLS when the server offers it', async () => {
    const { port, sessions } = await server(false);
    const mailer = await mailerFor(`smtp://127.0.0.1:${port}?tls.rejectUnauthorized=false`);
    await Promise.all([mailer.send(message('a@example.org')), mailer.send(message('b@example.org'))]);
    expect(sessions.map((session) => session.to).sort()).toEqual(['a@example.org', 'b@example.org']);
    expect(sessions.every((session) => session.secure)).toBe(true);
  });

  it('send over implicit TLS (smtps)', async () => {
    const { port, sessions } = await server(true);
    const mailer = await mailerFor(`smtps://127.0.0.1:${port}?tls.rejectUnauthorized=false`);
    await mailer.send(message('c@example.org'));
    expect(sessions).toEqual([{ secure: true, to: 'c@example.org' }]);
  });

  it('refuse a server whose certificate does not verify, unless SMTP_URL says otherwise', async () => {
    const { port, sessions } = await server(true);
    const mailer = await mailerFor(`smtps://127.0.0.1:${port}`);
    const error = await mailer.send(message('d@example.org')).catch((caught: unknown) => caught);
    expect(smtpFailure(error)).toMatchObject({ temporary: true, code: null, answer: expect.stringMatching(/certificate/i) });
    expect(sessions).toEqual([]);
  });

  it('fail as temporary, with no reply code, when nothing listens', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const mailer = await mailerFor(`smtp://127.0.0.1:${port}`);
    const error = await mailer.send(message('e@example.org')).catch((caught: unknown) => caught);
    expect(smtpFailure(error)).toMatchObject({ temporary: true, code: null, answer: expect.stringMatching(/ECONNREFUSED/) });
  });
});
