import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bounces, subscribers } from '@/db/schema';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { withFreshDatabase } from '@/test/database';
import { insertDelivery, insertSend, insertSubscriber } from '@/test/subscriber-fixtures';
import { unsubscribeMailbox, unsubscribeSubject, unsubscribeToken } from '@/lib/mail/unsubscribe';
import { recordBounceFiles } from './bounce-reports';

const { connection } = withFreshDatabase();
const db = () => connection().db;
const FIXTURES = path.join(process.cwd(), 'test', 'fixtures', 'bounces');
const files = ['hard-bounce.eml', 'complaint.eml', 'redacted-complaint.eml', 'reports.mbox'].map((name) => path.join(FIXTURES, name));

const statusOf = async (email: string) =>
  (await db().select({ status: subscribers.status }).from(subscribers).where(eq(subscribers.email, email)))[0]?.status;

describe('recordBounceFiles', () => {
  it('records every report once, matched by address or by our Message-ID, and says what it found', async () => {
    const sendId = await insertSend(db());
    const ann = await insertSubscriber(db(), { email: 'ann.absent@example.org' });
    const bob = await insertSubscriber(db(), { email: 'bob.busy@example.net' });
    const carol = await insertSubscriber(db(), { email: 'carol.cross@example.com' });
    const withheld = await insertSubscriber(db(), { email: 'withheld@example.org' });
    await insertSubscriber(db(), { email: 'erin.gone@example.org' });
    await insertDelivery(db(), sendId, ann, { messageId: '<send-7.delivery-101@briefings.example>' });
    await insertDelivery(db(), sendId, bob, { messageId: '<send-7.delivery-102@briefings.example>' });
    await insertDelivery(db(), sendId, carol, { messageId: '<send-7.delivery-103@briefings.example>' });
    await insertDelivery(db(), sendId, withheld, { messageId: 'send-7.delivery-104@briefings.example' });

    const first = await recordBounceFiles(COMMAND_LINE, [...files, path.join(FIXTURES, 'missing.eml')]);

    expect(first).toEqual({
      hard: 2,
      soft: 1,
      complaints: 2,
      alreadyRecorded: 0,
      unknownRecipients: ['dan.nobody@example.org'],
      unsubscribed: 0,
      notReports: 1,
      errors: [{ file: path.join(FIXTURES, 'missing.eml'), message: expect.stringContaining('ENOENT') }],
    });
    expect(await statusOf('ann.absent@example.org')).toBe('bounced');
    expect(await statusOf('erin.gone@example.org')).toBe('bounced');
    expect(await statusOf('bob.busy@example.net')).toBe('active');
    expect(await statusOf('carol.cross@example.com')).toBe('complained');
    expect(await statusOf('withheld@example.org')).toBe('complained');
    const recorded = await db().select().from(bounces).orderBy(bounces.id);
    expect(recorded.map(({ subscriberId, sendId: send, kind, source }) => ({ subscriberId, send, kind, source }))).toEqual([
      { subscriberId: ann.id, send: sendId, kind: 'hard', source: 'report' },
      { subscriberId: carol.id, send: sendId, kind: 'complaint', source: 'report' },
      { subscriberId: withheld.id, send: sendId, kind: 'complaint', source: 'report' },
      { subscriberId: bob.id, send: sendId, kind: 'soft', source: 'report' },
      { subscriberId: expect.any(Number), send: null, kind: 'hard', source: 'report' },
    ]);

    const again = await recordBounceFiles(COMMAND_LINE, files);
    expect(again).toMatchObject({ hard: 0, soft: 0, complaints: 0, alreadyRecorded: 5, notReports: 1, errors: [] });
    expect(await db().select().from(bounces)).toHaveLength(5);
  });

  it('acts on readers’ mail to the List-Unsubscribe mailto: address when its signed link is good, and on nothing else', async () => {
    const leaving = await insertSubscriber(db(), { email: 'leaving.by-mail@example.org' });
    const staying = await insertSubscriber(db(), { email: 'staying@example.org' });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-unsubscribe-mail-'));
    const request = (name: string, subject: string) => {
      const file = path.join(folder, name);
      const lines = [
        `From: ${name}@example.org`,
        `To: ${unsubscribeMailbox()}`,
        `Subject: ${subject}`,
        'Message-ID: <' + name + '@example.org>',
        '',
        'Please stop.',
      ];
      fs.writeFileSync(file, lines.join('\r\n'));
      return file;
    };
    const good = { purpose: 'briefing' as const, id: String(leaving.id), token: unsubscribeToken('briefing', String(leaving.id)) };
    const files = [
      request('good', `Re: ${unsubscribeSubject(good)}`),
      // Someone else's id under the leaving subscriber's token: refused, nothing changed.
      request('forged', unsubscribeSubject({ ...good, id: String(staying.id) })),
    ];

    const summary = await recordBounceFiles(COMMAND_LINE, files);

    expect(summary).toMatchObject({
      unsubscribed: 1,
      notReports: 0,
      errors: [{ file: files[1], message: expect.stringMatching(/not valid/) }],
    });
    expect(await statusOf('leaving.by-mail@example.org')).toBe('unsubscribed');
    expect(await statusOf('staying@example.org')).toBe('active');
    expect(await recordBounceFiles(COMMAND_LINE, files.slice(0, 1))).toMatchObject({ unsubscribed: 1, errors: [] });
    expect(await statusOf('leaving.by-mail@example.org')).toBe('unsubscribed');
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
