import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyDkim } from '@/test/dkim';
import { withSmtpServer } from '@/test/smtp-server';
import type { MailMessage } from './message';

// The pooled mailer and DKIM signing against a real SMTP server, started here: what it receives is what a mail
// server would, and each signature is checked by test/dkim.ts (written from RFC 6376, not nodemailer's code).
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const { received, refuseNext, dropNext, connections } = withSmtpServer({
  MAIL_FROM: 'The Briefing <briefing@example.org>',
  SITE_URL: 'https://briefing.example.org',
  SMTP_POOL: '3',
  DKIM_DOMAIN: 'example.org',
  DKIM_SELECTOR: 'briefing2026',
  DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});

const message = (n: number): MailMessage => ({
  to: `reader${n}@example.org`,
  subject: `The briefing, copy ${n}`,
  text: `Hello ${n}.\n\nTo stop: https://briefing.example.org/notifications/unsubscribe?id=${n}`,
  html: `<!DOCTYPE html><html><body><p>Hello ${n}.</p>  \n\n</body></html>`,
  headers: {
    'List-Unsubscribe': `<https://briefing.example.org/api/notifications/unsubscribe?id=${n}>, <mailto:briefing@example.org?subject=unsubscribe>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': 'The Briefing <briefing.briefing.example.org>',
  },
});

const mailers: { close(): Promise<void> }[] = [];
async function open() {
  const { openBulkMailer } = await import('./bulk');
  const mailer = openBulkMailer();
  mailers.push(mailer);
  return mailer;
}
// Before the server closes (hooks run last-registered first): an open pool would keep it waiting.
afterAll(() => Promise.all(mailers.map((mailer) => mailer.close())));

const lastTo = (address: string) => received.findLast((mail) => mail.to.includes(address))!;

describe('the bulk mailer over SMTP', () => {
  it("sends many messages at once over one pool, each with the Message-ID given, and answers with the server's reply", async () => {
    const mailer = await open();
    const before = received.length;
    const opened = connections();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => mailer.send({ ...message(n), messageId: `<copy-${n}@example.org>` })),
    );
    expect(received.length - before).toBe(12);
    // SMTP_POOL=3: at most three connections for twelve messages, and the next messages reuse them.
    const used = connections() - opened;
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(3);
    await Promise.all([mailer.send(message(12)), mailer.send(message(13))]);
    expect(connections() - opened).toBe(used);
    results.forEach((result, n) => {
      expect(result.messageId).toBe(`<copy-${n}@example.org>`);
      expect(result.response).toMatch(/^250 /);
      expect(lastTo(`reader${n}@example.org`).data).toMatch(new RegExp(`^Message-ID: <copy-${n}@example\\.org>$`, 'm'));
    });
  });

  it('makes a Message-ID on the signing domain when none is given', async () => {
    const mailer = await open();
    const { messageId } = await mailer.send(message(100));
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
    expect(lastTo('reader100@example.org').data).toContain(`Message-ID: ${messageId}`);
  });

  it('keeps one pool per process, closed when the last mailer using it closes', async () => {
    const first = await open();
    const second = await open();
    await first.close();
    await expect(second.send(message(101))).resolves.toMatchObject({ response: expect.stringMatching(/^250 /) });
    await expect(first.send(message(102))).rejects.toThrow('closed');
    await second.close();
    const third = await open();
    await expect(third.send(message(103))).resolves.toMatchObject({ response: expect.stringMatching(/^250 /) });
  });

  it('signs each message with DKIM over both List-Unsubscribe headers, and the signature verifies', async () => {
    const mailer = await open();
    await mailer.send(message(200));
    const { data } = lastTo('reader200@example.org');
    const result = verifyDkim(data, publicKey);
    expect(result).toMatchObject({ ok: true, tags: { d: 'example.org', s: 'briefing2026', c: 'relaxed/relaxed' } });
    const signed = result.tags!.h!.toLowerCase().split(':');
    expect(signed).toEqual(
      expect.arrayContaining(['from', 'to', 'subject', 'message-id', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post']),
    );
  });

  it('fails verification when a signed header or the body is changed after signing', async () => {
    const mailer = await open();
    await mailer.send(message(201));
    const { data } = lastTo('reader201@example.org');
    expect(verifyDkim(data, publicKey).ok).toBe(true);
    const otherLink = data.replace('unsubscribe?id=201>', 'unsubscribe?id=999>');
    expect(otherLink).not.toBe(data);
    expect(verifyDkim(otherLink, publicKey)).toMatchObject({ ok: false, reason: 'signature does not verify' });
    const noPost = data.replace('List-Unsubscribe=One-Click', 'List-Unsubscribe=Two-Clicks');
    expect(verifyDkim(noPost, publicKey)).toMatchObject({ ok: false, reason: 'signature does not verify' });
    const otherBody = data.replace('Hello 201.', 'Hello 202.');
    expect(verifyDkim(otherBody, publicKey)).toMatchObject({ ok: false, reason: 'body hash differs' });
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(verifyDkim(data, otherKey).ok).toBe(false);
  });

  it('signs single messages (lib/mail/send.ts) the same way', async () => {
    const { sendMail } = await import('./send');
    await sendMail(message(300));
    const result = verifyDkim(lastTo('reader300@example.org').data, publicKey);
    expect(result.ok).toBe(true);
    expect(result.tags!.h!.toLowerCase().split(':')).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post']));
  });
});

describe('smtpFailure', () => {
  it("reads a 451 as temporary, with its code and the server's answer", async () => {
    const { smtpFailure } = await import('./bulk');
    const mailer = await open();
    refuseNext(1, 451);
    const error = await mailer.send(message(400)).catch((caught: unknown) => caught);
    expect(smtpFailure(error)).toEqual({
      temporary: true,
      code: 451,
      answer: expect.stringMatching(/^451 .*Mailbox busy, try again later/),
    });
  });

  it('reads a 550 as permanent', async () => {
    const { smtpFailure } = await import('./bulk');
    const mailer = await open();
    refuseNext(1, 550);
    const error = await mailer.send(message(401)).catch((caught: unknown) => caught);
    expect(smtpFailure(error)).toEqual({ temporary: false, code: 550, answer: expect.stringMatching(/^550 .*No such mailbox here/) });
  });

  it('reads a dropped connection as temporary, with no code, and the pool sends on afterwards', async () => {
    const { smtpFailure } = await import('./bulk');
    const mailer = await open();
    dropNext(1);
    const error = await mailer.send(message(402)).catch((caught: unknown) => caught);
    expect(smtpFailure(error)).toMatchObject({ temporary: true, code: null, answer: expect.any(String) });
    await expect(mailer.send(message(403))).resolves.toMatchObject({ response: expect.stringMatching(/^250 /) });
  });

  it('reads a message refused before it left (a header line break) as permanent', async () => {
    const { smtpFailure } = await import('./bulk');
    const mailer = await open();
    const before = received.length;
    const error = await mailer.send({ ...message(404), subject: 'Hi\r\nBcc: victim@example.org' }).catch((caught: unknown) => caught);
    expect(smtpFailure(error)).toMatchObject({ temporary: false, code: null, answer: expect.stringContaining('line break') });
    expect(received).toHaveLength(before);
  });
});
