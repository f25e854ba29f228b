import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { subscribers } from '@/db/schema';
import { VISITOR } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { jobs } from '@/lib/jobs/definitions';
import { runDueJobsQuietly } from '@/test/jobs';
import { withMailOutbox } from '@/test/mail-outbox';
import { withRealIssue } from '@/test/real-issue';
import { formStamp } from './form-stamp';
import { confirmSubscription, subscribe } from './subscribe';

// The confirmation job, writing real messages to an outbox folder (MAIL_DIR) as the site does without SMTP.
const outbox = withMailOutbox('subscription-confirmation');
const { db, connection } = withRealIssue();

let count = 0;
async function ask(email: string) {
  count += 1;
  return execute(subscribe, VISITOR, {
    email,
    source: 'footer',
    stamp: formStamp(Date.now() - 10_000),
    trap: '',
    network: `198.51.100.${count}`,
  });
}

/** The messages written since the last call, parsed. */
const seen = new Set<string>();
async function newMail() {
  const files = fs
    .readdirSync(outbox)
    .filter((file) => !seen.has(file))
    .sort();
  files.forEach((file) => seen.add(file));
  return Promise.all(files.map(async (file) => simpleParser(fs.readFileSync(path.join(outbox, file)))));
}

describe('the subscription-confirmation job', () => {
  it('emails a pending subscriber an absolute link whose button confirms them', async () => {
    await ask('new-reader@example.org');

    expect((await runDueJobsQuietly(connection(), jobs.subscriptionConfirmation)).map((outcome) => outcome.error)).toEqual([undefined]);

    const [mail, ...more] = await newMail();
    expect(more).toEqual([]);
    expect(mail!.to).toMatchObject({ text: 'new-reader@example.org' });
    expect(mail!.subject).toBe('Confirm your subscription to The Fortnightly Briefing');
    const links = mail!.text!.match(/https?:\/\/\S+/g)!;
    expect(links).toEqual([expect.stringMatching(/^http:\/\/localhost:3000\/subscribe\/confirm\?subscriber=\d+&token=[\w-]{43}$/)]);
    expect(mail!.html).toContain(links[0]!.replace(/&/g, '&amp;'));

    const link = new URL(links[0]!);
    const [row] = await db().select().from(subscribers).where(eq(subscribers.email, 'new-reader@example.org'));
    expect(row!.status).toBe('pending');
    await execute(confirmSubscription, VISITOR, {
      subscriber: link.searchParams.get('subscriber')!,
      token: link.searchParams.get('token')!,
    });
    const [confirmed] = await db().select().from(subscribers).where(eq(subscribers.id, row!.id));
    expect(confirmed!.status).toBe('active');
  });

  it('tells an active subscriber that they already are, and sends nothing to a bounced one', async () => {
    const consentAt = new Date();
    await db()
      .insert(subscribers)
      .values([
        {
          email: 'active@example.org',
          status: 'active',
          consentSource: 'footer',
          consentWording: 'Words.',
          consentAt,
          confirmedAt: consentAt,
        },
        {
          email: 'bounced@example.org',
          status: 'bounced',
          consentSource: 'footer',
          consentWording: 'Words.',
          consentAt,
          confirmedAt: consentAt,
        },
      ]);
    await ask('active@example.org');
    await ask('bounced@example.org');

    await runDueJobsQuietly(connection(), jobs.subscriptionConfirmation);

    const mail = await newMail();
    expect(mail.map((message) => [message.subject, (message.to as { text: string }).text])).toEqual([
      ['You already receive The Fortnightly Briefing', 'active@example.org'],
    ]);
    expect(mail[0]!.text).not.toMatch(/subscribe\/confirm/);
  });

  it('sends nothing to a subscriber who confirmed or went before the job ran', async () => {
    await ask('quick@example.org');
    await db().update(subscribers).set({ status: 'unsubscribed' }).where(eq(subscribers.email, 'quick@example.org'));

    await runDueJobsQuietly(connection(), jobs.subscriptionConfirmation);

    expect(await newMail()).toEqual([]);
  });
});
