import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressOfField, bounceKindOf, isMbox, parseFieldBlocks, readReport, splitMbox } from './reports';

const fixture = (name: string) => fs.readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'bounces', name));

describe('readReport', () => {
  it('reads a hard bounce (RFC 3464) with the recipient we sent to and our Message-ID', async () => {
    expect(await readReport(fixture('hard-bounce.eml'))).toEqual({
      type: 'delivery-status',
      findings: [
        {
          recipient: 'ann.absent@example.org',
          kind: 'hard',
          detail:
            'failed 5.1.1: smtp; 550 5.1.1 <ann.absent@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
          originalMessageId: 'send-7.delivery-101@briefings.example',
          reportKey: '20261102091407.4QzX1k2c3dz9vQ@mx.briefings.example ann.absent@example.org',
        },
      ],
    });
  });

  it('reads a complaint (ARF, RFC 5965) with its recipient', async () => {
    expect(await readReport(fixture('complaint.eml'))).toEqual({
      type: 'feedback',
      findings: [
        {
          recipient: 'carol.cross@example.com',
          kind: 'complaint',
          detail: 'abuse; MailProviderFBL/1.0; Mon, 2 Nov 2026 09:14:06 +0000',
          originalMessageId: 'send-7.delivery-103@briefings.example',
          reportKey: 'fbl-8f2c1e0a-1@arf.mailprovider.example carol.cross@example.com',
        },
      ],
    });
  });

  it('reads a complaint whose recipient is withheld, keeping our Message-ID to find them by', async () => {
    const report = await readReport(fixture('redacted-complaint.eml'));
    expect(report).toEqual({
      type: 'feedback',
      findings: [expect.objectContaining({ kind: 'complaint', originalMessageId: 'send-7.delivery-104@briefings.example' })],
    });
  });

  it('reads each message of an mbox: a delay, a report on three recipients, and a reply that is no report', async () => {
    const messages = splitMbox(fixture('reports.mbox').toString('utf8'));
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('\r\nFrom the logs: the recipient');
    expect(messages[0]).toContain('\r\nFrom the archive: this line');
    expect(messages[2]).toMatch(/\r\nFrom me and my colleagues\.\r\n$/);

    const [delay, multi, reply] = await Promise.all(messages.map((message) => readReport(Buffer.from(message))));
    expect(delay).toEqual({
      type: 'delivery-status',
      findings: [
        expect.objectContaining({
          recipient: 'bob.busy@example.net',
          kind: 'soft',
          originalMessageId: 'send-7.delivery-102@briefings.example',
          reportKey: 'dsn-delay-5511@relay.example.net bob.busy@example.net',
        }),
      ],
    });
    expect(multi).toEqual({
      type: 'delivery-status',
      findings: [
        expect.objectContaining({ recipient: 'dan.nobody@example.org', kind: 'hard', originalMessageId: null }),
        expect.objectContaining({
          recipient: 'erin.gone@example.org',
          kind: 'hard',
          detail: 'failed 5.2.1: smtp; 550 5.2.1 Mailbox disabled',
        }),
      ],
    });
    expect(reply).toEqual({ type: 'not-a-report' });
  });

  it('takes an mbox by its separator line and an .eml as one message', () => {
    expect(isMbox(fixture('reports.mbox').toString('utf8'))).toBe(true);
    expect(isMbox(fixture('hard-bounce.eml').toString('utf8'))).toBe(false);
    expect(
      splitMbox('From a@b Mon Nov  2 09:20:00 2026\nSubject: x\n\nbody\n\nFrom b@c Mon Nov  2 09:21:00 2026\nSubject: y\n\nz\n'),
    ).toEqual(['Subject: x\r\n\r\nbody\r\n', 'Subject: y\r\n\r\nz\r\n']);
  });
});

describe('the fields of a report', () => {
  it('classifies by action and status: failed 5.x.x hard, failed 4.x.x or delayed soft, delivered nothing', () => {
    expect(bounceKindOf('failed', '5.1.1')).toBe('hard');
    expect(bounceKindOf('Failed', '4.4.7')).toBe('soft');
    expect(bounceKindOf('delayed', '4.2.2')).toBe('soft');
    expect(bounceKindOf('delivered', '2.0.0')).toBeNull();
    expect(bounceKindOf('relayed', '2.0.0')).toBeNull();
    expect(bounceKindOf('failed', undefined, 'smtp; 452 too many')).toBe('soft');
    expect(bounceKindOf('failed', undefined, 'smtp; 550 no')).toBe('hard');
  });

  it('reads addresses of the rfc822 type only, folded to lower case', () => {
    expect(addressOfField('rfc822; <Ann@Example.org>')).toBe('ann@example.org');
    expect(addressOfField('rfc822;ann@example.org')).toBe('ann@example.org');
    expect(addressOfField('x400; c=gb;a=x')).toBeNull();
    expect(addressOfField(undefined)).toBeNull();
  });

  it('joins continued lines and separates blocks', () => {
    expect(parseFieldBlocks('A: 1\r\nB: two\r\n  lines\r\n\r\nC: 3\r\n').map((block) => Object.fromEntries(block))).toEqual([
      { a: '1', b: 'two lines' },
      { c: '3' },
    ]);
  });
});
