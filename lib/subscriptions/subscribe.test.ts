import { eq, like, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { rateLimits, subscribers, type SubscriberStatus } from '@/db/schema';
import { EMAIL_ERRORS } from '@/lib/accounts/email-address';
import { actorOf, VISITOR } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { Refusal } from '@/lib/commands/refusal';
import { jobs } from '@/lib/jobs/definitions';
import { jobRows } from '@/test/jobs';
import { withMailOutbox } from '@/test/mail-outbox';
import { insertPerson, useSettings } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { CONSENT_WORDING, type FormSource } from './consent';
import { confirmationToken } from './confirm-token';
import { formStamp, MIN_FILL_MS } from './form-stamp';
import { CONFIRM_ERRORS, checkInboxAnswer, confirmSubscription, LINE_BREAK_ERROR, subscribe, subscribeSignedIn } from './subscribe';

withMailOutbox('subscribe'); // the site's address and secret (nothing is sent here: the emails are jobs)
const { db } = withRealIssue();

let count = 0;
/** A fresh address and network for each use, so that no test fills another's limits. */
const fresh = () => {
  count += 1;
  return { email: `reader-${count}@example.org`, network: `192.0.2.${count}` };
};

const stampedAgo = (ms: number) => formStamp(Date.now() - ms);

function ask(values: { email: string; network?: string; source?: FormSource; stamp?: string; trap?: string }) {
  return execute(subscribe, VISITOR, {
    email: values.email,
    network: values.network ?? fresh().network,
    source: values.source ?? 'subscribe-page',
    stamp: values.stamp ?? stampedAgo(10_000),
    trap: values.trap ?? '',
  });
}

async function rowOf(email: string) {
  const [row] = await db().select().from(subscribers).where(eq(subscribers.email, email));
  return row;
}

async function jobsFor(id: number) {
  return (await jobRows(db(), jobs.subscriptionConfirmation.name)).filter(
    (job) => (job.data as { subscriberId: number }).subscriberId === id,
  );
}

async function insertSubscriber(email: string, status: SubscriberStatus, consentAt = new Date(Date.now() - 60_000)) {
  const [row] = await db()
    .insert(subscribers)
    .values({
      email,
      status,
      consentSource: 'footer',
      consentWording: 'Older words.',
      consentAt,
      confirmedAt: status === 'pending' ? null : consentAt,
    })
    .returning();
  return row!;
}

/** Everything a request could have left: subscribers, counters and queued emails. */
async function traces() {
  return {
    subscribers: await db().select().from(subscribers).orderBy(subscribers.id),
    limits: await db().select().from(rateLimits).where(like(rateLimits.key, 'subscribe:%')).orderBy(rateLimits.key),
    jobs: await jobRows(db(), jobs.subscriptionConfirmation.name),
  };
}

async function refusedLeavingNoTrace(attempt: () => Promise<unknown>) {
  const before = await traces();
  const refusal = await attempt().then(
    () => null,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(Refusal);
  expect(await traces()).toEqual(before);
  const { code, message, field } = refusal as Refusal;
  return { code, message, field };
}

beforeEach(() => useSettings(db()));

describe('subscribe', () => {
  it('makes a new address pending, with the form, its words and the time as consent, and queues the confirmation email', async () => {
    const { email } = fresh();
    const before = Date.now();

    const outcome = await ask({ email: `  ${email.toUpperCase()} `, source: 'article' });

    expect(outcome).toEqual({ answer: checkInboxAnswer(email), done: 'confirmation' });
    const row = (await rowOf(email))!;
    expect(row).toMatchObject({ status: 'pending', consentSource: 'article', consentWording: CONSENT_WORDING.article, confirmedAt: null });
    expect(row.consentAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(await jobsFor(row.id)).toEqual([expect.objectContaining({ state: 'created', data: { subscriberId: row.id, kind: 'confirm' } })]);
  });

  it('gives the same answer to new, pending, active, unsubscribed, bounced and complained addresses, doing what each needs', async () => {
    const statuses = ['pending', 'active', 'unsubscribed', 'bounced', 'complained'] as const;
    const existing = Object.fromEntries(
      await Promise.all(statuses.map(async (status) => [status, await insertSubscriber(fresh().email, status)])),
    );
    const answers: string[] = [];

    const newEmail = fresh().email;
    answers.push((await ask({ email: newEmail })).answer.replace(newEmail, '<address>'));
    for (const status of statuses) {
      answers.push((await ask({ email: existing[status]!.email, source: 'footer' })).answer.replace(existing[status]!.email, '<address>'));
    }

    expect(new Set(answers).size).toBe(1);
    // Pending and unsubscribed: pending again, with this request's consent (so older links stop working), and a link.
    for (const status of ['pending', 'unsubscribed'] as const) {
      const row = (await rowOf(existing[status]!.email))!;
      expect(row).toMatchObject({ status: 'pending', consentSource: 'footer', consentWording: CONSENT_WORDING.footer, confirmedAt: null });
      expect(row.consentAt.getTime()).toBeGreaterThan(existing[status]!.consentAt.getTime());
      expect((await jobsFor(row.id)).map((job) => job.data)).toEqual([{ subscriberId: row.id, kind: 'confirm' }]);
    }
    // Active: unchanged, and told (by email) that it already is subscribed.
    expect(await rowOf(existing.active!.email)).toEqual(existing.active);
    expect((await jobsFor(existing.active!.id)).map((job) => job.data)).toEqual([
      { subscriberId: existing.active!.id, kind: 'already-subscribed' },
    ]);
    // Bounced and complained: unchanged, nothing sent.
    for (const status of ['bounced', 'complained'] as const) {
      expect(await rowOf(existing[status]!.email)).toEqual(existing[status]);
      expect(await jobsFor(existing[status]!.id)).toEqual([]);
    }
  });

  it('tells an active address that it is subscribed at most once a day', async () => {
    const active = await insertSubscriber(fresh().email, 'active');

    expect((await ask({ email: active.email })).done).toBe('already-subscribed');
    expect(await ask({ email: active.email })).toEqual({ answer: checkInboxAnswer(active.email), done: 'nothing' });
  });

  it('refuses a line break, saying so, and stores nothing', async () => {
    for (const email of ['reader@example.org\r\nBcc: victim@example.org', 'reader@example.org\n', 'reader\r@example.org']) {
      expect(await refusedLeavingNoTrace(() => ask({ email }))).toEqual({ code: 'invalid', message: LINE_BREAK_ERROR, field: 'email' });
    }
  });

  it('refuses what is not an address with the specific reason', async () => {
    expect(await refusedLeavingNoTrace(() => ask({ email: '' }))).toEqual({
      code: 'invalid',
      message: EMAIL_ERRORS.missing,
      field: 'email',
    });
    expect(await refusedLeavingNoTrace(() => ask({ email: 'reader.example.org' }))).toEqual({
      code: 'invalid',
      message: EMAIL_ERRORS.noAt,
      field: 'email',
    });
    expect(await refusedLeavingNoTrace(() => ask({ email: 'reader@localhost' }))).toEqual({
      code: 'invalid',
      message: EMAIL_ERRORS.domain,
      field: 'email',
    });
  });

  it('refuses an address at a blocked domain or under one', async () => {
    await db().execute(sql`update moderation_settings set blocked_email_domains = ${'{spam.example,@Junk.Example}'}::text[] where id = 1`);

    for (const [email, domain] of [
      ['someone@spam.example', 'spam.example'],
      ['someone@mail.spam.example', 'spam.example'],
      ['someone@junk.example', 'junk.example'],
    ]) {
      expect(await refusedLeavingNoTrace(() => ask({ email: email! }))).toEqual({
        code: 'invalid',
        message: `Addresses at ${domain} cannot subscribe here. Please use another address.`,
        field: 'email',
      });
    }
    // A domain that merely ends with the same letters is not under it.
    expect((await ask({ email: 'someone@notspam.example' })).done).toBe('confirmation');
  });

  describe('from a script, silently: the same answer, and nothing stored, counted or sent', () => {
    // Each made when its test runs: a stamp's age is what is being tested.
    it.each([
      ['the trap field filled in', () => ({ trap: 'https://spam.example' })],
      ['a form posted sooner than a person could', () => ({ stamp: stampedAgo(MIN_FILL_MS / 10) })],
      ['a stamp the site did not sign', () => ({ stamp: `${Date.now() - 60_000}.${'A'.repeat(43)}` })],
      ['a signed stamp with another time', () => ({ stamp: `${Date.now() - 60_000}.${stampedAgo(10_000).split('.')[1]}` })],
      ['a stamp from the future', () => ({ stamp: formStamp(Date.now() + 10 * 60_000) })],
      ['a stamp of another shape', () => ({ stamp: 'yesterday' })],
    ])('%s', async (_, make) => {
      const { email } = fresh();
      const before = await traces();
      const values = make();

      expect(await ask({ email, ...values })).toEqual({ answer: checkInboxAnswer(email), done: 'ignored' });

      expect(await traces()).toEqual(before);
    });
  });

  it('refuses a post with no stamp, asking to reload', async () => {
    expect(await refusedLeavingNoTrace(() => ask({ email: fresh().email, stamp: '' }))).toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/reload the page/),
    });
  });

  it('limits requests per network, counting nothing it refuses', async () => {
    const { network } = fresh();
    for (let i = 0; i < 10; i += 1) await ask({ email: fresh().email, network });

    const refusal = await refusedLeavingNoTrace(() => ask({ email: fresh().email, network }));

    expect(refusal).toMatchObject({ code: 'limited', message: expect.stringMatching(/^Too many subscription requests from your network/) });
    expect((await ask({ email: fresh().email })).done).toBe('confirmation'); // another network is not held up
  });

  it('limits requests per address, from any network, whatever its status', async () => {
    for (const status of [null, 'active', 'bounced'] as const) {
      const { email } = fresh();
      if (status) await insertSubscriber(email, status);
      for (let i = 0; i < 3; i += 1) await ask({ email });

      const refusal = await refusedLeavingNoTrace(() => ask({ email }));

      expect(refusal).toMatchObject({ code: 'limited', message: expect.stringMatching(/^Several emails have already been sent/) });
    }
  });
});

describe('confirmSubscription', () => {
  async function pending() {
    const { email } = fresh();
    await ask({ email });
    const row = (await rowOf(email))!;
    return { row, link: { subscriber: String(row.id), token: confirmationToken(row) } };
  }

  it('makes a pending subscriber active, confirmed now; pressing again changes nothing', async () => {
    const { row, link } = await pending();

    expect(await execute(confirmSubscription, VISITOR, link)).toEqual({ email: row.email, already: false });
    const confirmed = (await rowOf(row.email))!;
    expect(confirmed).toMatchObject({
      status: 'active',
      confirmedAt: expect.any(Date),
      consentAt: row.consentAt,
      consentSource: row.consentSource,
    });
    expect(confirmed.statusChangedAt.getTime()).toBe(confirmed.confirmedAt!.getTime());

    expect(await execute(confirmSubscription, VISITOR, link)).toEqual({ email: row.email, already: true });
    expect(await rowOf(row.email)).toEqual(confirmed);
  });

  it('refuses a forged token, another subscriber’s token and a malformed link, changing nothing', async () => {
    const mine = await pending();
    const theirs = await pending();
    const attempts = [
      { subscriber: mine.link.subscriber, token: 'A'.repeat(43) },
      { subscriber: mine.link.subscriber, token: theirs.link.token },
      {
        subscriber: mine.link.subscriber,
        token: confirmationToken({ id: mine.row.id, consentAt: new Date(mine.row.consentAt.getTime() + 1) }),
      },
      { subscriber: 'x', token: mine.link.token },
      { subscriber: '999999', token: mine.link.token },
    ];
    for (const link of attempts) {
      expect(await refusedLeavingNoTrace(() => execute(confirmSubscription, VISITOR, link))).toEqual({
        code: 'invalid',
        message: CONFIRM_ERRORS.invalid,
        field: undefined,
      });
    }
  });

  it('refuses an expired link, and an older link once the address has asked again', async () => {
    const { email } = fresh();
    const old = await insertSubscriber(email, 'pending', new Date(Date.now() - 8 * 24 * 60 * 60 * 1000));
    const expired = { subscriber: String(old.id), token: confirmationToken(old) };
    expect(await refusedLeavingNoTrace(() => execute(confirmSubscription, VISITOR, expired))).toMatchObject({
      message: CONFIRM_ERRORS.expired,
    });

    const { row, link } = await pending();
    await ask({ email: row.email });
    expect(await refusedLeavingNoTrace(() => execute(confirmSubscription, VISITOR, link))).toMatchObject({
      message: CONFIRM_ERRORS.invalid,
    });
  });

  it('does not subscribe again an address that unsubscribed, bounced or complained since', async () => {
    for (const status of ['unsubscribed', 'bounced', 'complained'] as const) {
      const { row, link } = await pending();
      await db().update(subscribers).set({ status }).where(eq(subscribers.id, row.id));

      expect(await refusedLeavingNoTrace(() => execute(confirmSubscription, VISITOR, link))).toMatchObject({
        message: CONFIRM_ERRORS.invalid,
      });
    }
  });
});

describe('subscribeSignedIn', () => {
  it('subscribes the reader’s own address at once, with the account’s words; again, it changes nothing', async () => {
    const reader = await insertPerson(db());
    const before = Date.now();

    expect(await execute(subscribeSignedIn, actorOf(reader), {})).toEqual({ email: reader.email, already: false });
    const row = (await rowOf(reader.email))!;
    expect(row).toMatchObject({ status: 'active', consentSource: 'account', consentWording: CONSENT_WORDING.account });
    expect(row.confirmedAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(await jobsFor(row.id)).toEqual([]);

    expect(await execute(subscribeSignedIn, actorOf(reader), {})).toEqual({ email: reader.email, already: true });
    expect(await rowOf(reader.email)).toEqual(row);
  });

  it('makes a pending or unsubscribed address of the reader active, with fresh consent', async () => {
    for (const status of ['pending', 'unsubscribed'] as const) {
      const reader = await insertPerson(db());
      const old = await insertSubscriber(reader.email, status);

      await execute(subscribeSignedIn, actorOf(reader), {});

      expect(await rowOf(reader.email)).toMatchObject({ id: old.id, status: 'active', consentSource: 'account' });
    }
  });

  it('is refused to a visitor who is not signed in', async () => {
    expect(await refusedLeavingNoTrace(() => execute(subscribeSignedIn, VISITOR, {}))).toMatchObject({ code: 'not-allowed' });
  });
});
