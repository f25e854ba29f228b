import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { moderationSettings, subscribers } from '@/db/schema';
import { actorOf, type Actor } from '@/lib/commands/actor';
import { withFreshDatabase } from '@/test/database';
import { insertPerson, lastLogId, logSince } from '@/test/moderation';
import { expectRefusal } from '@/test/refused';
import { run } from '@/test/commands';
import { insertSubscriber } from '@/test/subscriber-fixtures';
import { blockedEmailDomains, changeBlockedDomains, importSubscriberList, recordSubscriberExport, unsubscribeSubscriber } from './admin';

const { connection } = withFreshDatabase();
const db = () => connection().db;
let editor: Actor;
const asEditor = async () => (editor ??= actorOf(await insertPerson(db(), 'editor', { displayName: 'Eda Editor' })));

const rowsFor = (emails: string[]) => db().select().from(subscribers).where(inArray(subscribers.email, emails));

describe('importSubscriberList', () => {
  it('stores nothing when one line is wrong, and reports every wrong line', async () => {
    const logId = await lastLogId(db());
    const csv = 'email\nfirst.ok@import.example\nnot-an-address\nsecond.ok@import.example\nfirst.ok@import.example\n';

    const { output } = await run(importSubscriberList, await asEditor(), { csv, mode: 'consented', note: 'Conference sign-up sheet, May' });

    expect(output).toEqual({
      outcome: 'refused',
      checked: 4,
      skipped: [],
      problems: [
        { line: 3, email: 'not-an-address', reason: expect.stringContaining('needs an @') },
        { line: 5, email: 'first.ok@import.example', reason: 'The same address as line 2.' },
      ],
    });
    expect(await rowsFor(['first.ok@import.example', 'second.ok@import.example'])).toEqual([]);
    expect(await logSince(db(), logId)).toEqual([]);
  });

  it('stores a checked file as active subscribers whose consent is the note, skipping those already known, and logs it', async () => {
    await insertSubscriber(db(), { email: 'known@import.example' });
    const logId = await lastLogId(db());
    const csv = 'Name,Email\nAnn,Ann@Import.example\nKnown,known@import.example\nBob,bob@import.example\n';

    const { output } = await run(importSubscriberList, await asEditor(), { csv, mode: 'consented', note: ' Conference sign-up sheet ' });

    expect(output).toEqual({
      outcome: 'imported',
      added: 2,
      checked: 3,
      skipped: [{ line: 3, email: 'known@import.example', reason: 'already subscribed' }],
    });
    expect(await rowsFor(['ann@import.example', 'bob@import.example'])).toEqual([
      expect.objectContaining({
        status: 'active',
        consentSource: 'import',
        consentWording: 'Conference sign-up sheet',
        consentNote: 'Conference sign-up sheet',
        confirmedAt: expect.any(Date),
      }),
      expect.objectContaining({ status: 'active' }),
    ]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'subscribers-import',
        targetType: 'subscriber',
        actorName: 'Eda Editor',
        reason: 'Conference sign-up sheet',
        after: { added: 2, skipped: 1, consent: 'given before (staff note)' },
      }),
    ]);
  });

  it('stores addresses to confirm as pending', async () => {
    await run(importSubscriberList, await asEditor(), { csv: 'carol@import.example\n', mode: 'confirm', note: '' });
    expect(await rowsFor(['carol@import.example'])).toEqual([
      expect.objectContaining({ status: 'pending', confirmedAt: null, consentSource: 'import', consentNote: null }),
    ]);
  });

  it('refuses addresses already consented without a note, and blocked domains', async () => {
    await expectRefusal(
      async () => run(importSubscriberList, await asEditor(), { csv: 'dan@import.example\n', mode: 'consented', note: '  ' }),
      { code: 'invalid', message: expect.stringContaining('where these addresses came from'), field: 'note' },
      { unchanged: () => rowsFor(['dan@import.example']), logOf: db() },
    );
    await run(changeBlockedDomains, await asEditor(), { domains: ['blocked.example'] });
    const { output } = await run(importSubscriberList, await asEditor(), { csv: 'dan@mail.blocked.example\n', mode: 'confirm', note: '' });
    expect(output).toMatchObject({ outcome: 'refused', problems: [{ line: 1, reason: expect.stringContaining('blocked.example') }] });
  });
});

describe('changeBlockedDomains', () => {
  it('stores domain names in one form, logs before and after, and refuses what is not a domain', async () => {
    const logId = await lastLogId(db());
    await run(changeBlockedDomains, await asEditor(), { domains: ['Spam.example', '', '@bücher.example', 'spam.example'] });
    expect(await blockedEmailDomains(db())).toEqual(['spam.example', 'xn--bcher-kva.example']);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'blocked-domains',
        targetType: 'settings',
        targetId: 'blocked-email-domains',
        before: { blockedEmailDomains: ['blocked.example'] },
        after: { blockedEmailDomains: ['spam.example', 'xn--bcher-kva.example'] },
      }),
    ]);

    const unchanged = () => db().select().from(moderationSettings);
    await expectRefusal(
      async () => run(changeBlockedDomains, await asEditor(), { domains: ['good.example', 'not a domain'] }),
      { code: 'invalid', message: '“not a domain” is not a domain name like example.com.', field: 'domains' },
      { unchanged, logOf: db() },
    );
    await expectRefusal(
      async () => run(changeBlockedDomains, await asEditor(), { domains: ['xn--bcher-kva.example', 'spam.example'] }),
      { code: 'conflict', message: expect.stringContaining('Nothing to save'), field: 'domains' },
      { unchanged, logOf: db() },
    );
  });
});

describe('unsubscribeSubscriber', () => {
  it('stops the briefing to one address, logged with its status before and after', async () => {
    const subscriber = await insertSubscriber(db());
    const logId = await lastLogId(db());
    expect((await run(unsubscribeSubscriber, await asEditor(), { subscriberId: subscriber.id, reason: 'Asked by phone' })).output).toEqual({
      email: subscriber.email,
    });
    const [row] = await db().select().from(subscribers).where(eq(subscribers.id, subscriber.id));
    expect(row).toMatchObject({ status: 'unsubscribed' });
    expect(row!.statusChangedAt.getTime()).toBeGreaterThanOrEqual(subscriber.statusChangedAt.getTime());
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'subscriber-unsubscribe',
        targetId: String(subscriber.id),
        reason: 'Asked by phone',
        before: { subscription: 'active' },
        after: { subscription: 'unsubscribed' },
      }),
    ]);
    await expectRefusal(
      async () => run(unsubscribeSubscriber, await asEditor(), { subscriberId: subscriber.id }),
      { code: 'conflict', message: expect.stringContaining('already receives nothing') },
      { unchanged: () => db().select().from(subscribers).where(eq(subscribers.id, subscriber.id)), logOf: db() },
    );
  });
});

describe('recordSubscriberExport', () => {
  it('logs who exported how many', async () => {
    const logId = await lastLogId(db());
    await run(recordSubscriberExport, await asEditor(), { status: 'active', count: 12 });
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'subscribers-export', actorName: 'Eda Editor', after: { exported: 12, subscription: 'active' } }),
    ]);
  });
});
