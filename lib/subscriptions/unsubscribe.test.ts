import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { follows, subscribers, users, type SubscriberStatus } from '@/db/schema';
import { actorOf, COMMAND_LINE, VISITOR } from '@/lib/commands/actor';
import { Refusal } from '@/lib/commands/refusal';
import { unfollowAll, unfollowArticle, followArticle } from '@/lib/follows/commands';
import { unsubscribeToken, type UnsubscribeLink, type UnsubscribePurpose } from '@/lib/mail/unsubscribe';
import { insertSubscriber } from '@/test/subscriber-fixtures';
import { run } from '@/test/commands';
import { insertArticle, insertPerson } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { BAD_LINK } from './authority';
import { emailPreferences, setReplyEmails } from './preferences';
import { PREFERENCES_SOURCE, RESUBSCRIBE_WORDING, resubscribe, unsubscribe } from './unsubscribe';

/** Unsubscribing, subscribing again, reply emails and follows, as the one-click route and the preferences page run them. */

vi.mock('@/lib/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(async () => undefined), handlers: {} }));
process.env.AUTH_SECRET = 'a-test-secret-that-is-long-enough-to-sign-with';

const { db, site } = withRealIssue();

const aSubscriber = (status: SubscriberStatus, email?: string) =>
  insertSubscriber(db(), { status, ...(email && { email }) }, new Date(Date.now() - 86_400_000));

const subscriber = async (id: number) => (await db().select().from(subscribers).where(eq(subscribers.id, id)))[0]!;
const linkFor = (purpose: UnsubscribePurpose, id: string | number): UnsubscribeLink => ({
  purpose,
  id: String(id),
  token: unsubscribeToken(purpose, String(id)),
});

describe('unsubscribe', () => {
  it('stops an active or pending subscription named by its token, with the time, and says nothing changed the second time', async () => {
    for (const status of ['active', 'pending'] as const) {
      const row = await aSubscriber(status);
      const first = await run(unsubscribe, VISITOR, { link: linkFor('briefing', row.id) });
      expect(first.output).toEqual({ email: row.email, status: 'unsubscribed', changed: true });
      const after = await subscriber(row.id);
      expect(after).toMatchObject({ status: 'unsubscribed' });
      expect(after.statusChangedAt.getTime()).toBeGreaterThan(row.statusChangedAt.getTime());

      const again = await run(unsubscribe, VISITOR, { link: linkFor('briefing', row.id) });
      expect(again.output).toEqual({ email: row.email, status: 'unsubscribed', changed: false });
      expect((await subscriber(row.id)).statusChangedAt).toEqual(after.statusChangedAt);
    }
  });

  it('leaves a bounced or complained address as it is', async () => {
    for (const status of ['bounced', 'complained'] as const) {
      const row = await aSubscriber(status);
      const { output } = await run(unsubscribe, VISITOR, { link: linkFor('briefing', row.id) });
      expect(output).toEqual({ email: row.email, status, changed: false });
      expect(await subscriber(row.id)).toEqual(row);
    }
  });

  it("stops a signed-in reader's subscription of their own address, and no other", async () => {
    const reader = await insertPerson(db());
    const theirs = await aSubscriber('active', reader.email);
    const other = await aSubscriber('active');
    expect((await run(unsubscribe, actorOf(reader), {})).output).toMatchObject({ status: 'unsubscribed', changed: true });
    expect((await subscriber(theirs.id)).status).toBe('unsubscribed');
    expect((await subscriber(other.id)).status).toBe('active');
  });

  it('refuses a forged token, a token for another subscriber and one for another purpose, changing nothing', async () => {
    const row = await aSubscriber('active');
    const other = await aSubscriber('active');
    const forged = { ...linkFor('briefing', row.id), token: 'x'.repeat(43) };
    const othersToken = { ...linkFor('briefing', other.id), id: String(row.id) };
    const otherPurpose = { purpose: 'briefing' as const, id: String(row.id), token: unsubscribeToken('replies', String(row.id)) };
    for (const link of [forged, othersToken, otherPurpose])
      await expect(run(unsubscribe, VISITOR, { link })).rejects.toThrow(new Refusal('not-allowed', BAD_LINK));
    expect(await subscriber(row.id)).toEqual(row);
    expect(await subscriber(other.id)).toEqual(other);
  });

  it('refuses a visitor without a link', async () => {
    await expect(run(unsubscribe, VISITOR, {})).rejects.toMatchObject({ code: 'not-allowed' });
  });
});

describe('resubscribe', () => {
  it('makes an unsubscribed address active at once from its token, with the preferences page as the consent', async () => {
    const row = await aSubscriber('unsubscribed');
    const { output } = await run(resubscribe, VISITOR, { link: linkFor('briefing', row.id) });
    expect(output).toEqual({ email: row.email, status: 'active', changed: true });
    const after = await subscriber(row.id);
    expect(after).toMatchObject({ status: 'active', consentSource: PREFERENCES_SOURCE, consentWording: RESUBSCRIBE_WORDING });
    expect(after.confirmedAt).toEqual(row.confirmedAt);
    expect(after.consentAt.getTime()).toBeGreaterThan(row.consentAt.getTime());
    expect((await run(resubscribe, VISITOR, { link: linkFor('briefing', row.id) })).output).toMatchObject({ changed: false });
  });

  it('confirms a pending address: the token came in an email to it', async () => {
    const row = await aSubscriber('pending');
    await run(resubscribe, VISITOR, { link: linkFor('briefing', row.id) });
    expect(await subscriber(row.id)).toMatchObject({ status: 'active', confirmedAt: expect.any(Date) });
  });

  it("subscribes a signed-in reader's account address that was never subscribed, active at once", async () => {
    const reader = await insertPerson(db());
    const { output } = await run(resubscribe, actorOf(reader), {});
    expect(output).toEqual({ email: reader.email, status: 'active', changed: true });
    const [row] = await db().select().from(subscribers).where(eq(subscribers.email, reader.email));
    expect(row).toMatchObject({
      status: 'active',
      consentSource: 'preferences',
      consentWording: RESUBSCRIBE_WORDING,
      confirmedAt: expect.any(Date),
    });
  });

  it('does the same from a reply email’s link (the account’s own address)', async () => {
    const reader = await insertPerson(db());
    const row = await aSubscriber('unsubscribed', reader.email);
    await run(resubscribe, VISITOR, { link: linkFor('replies', reader.id) });
    expect((await subscriber(row.id)).status).toBe('active');
  });

  it('refuses to restart an address that bounced or complained', async () => {
    for (const status of ['bounced', 'complained'] as const) {
      const row = await aSubscriber(status);
      await expect(run(resubscribe, VISITOR, { link: linkFor('briefing', row.id) })).rejects.toMatchObject({ code: 'conflict' });
      expect(await subscriber(row.id)).toEqual(row);
    }
  });
});

describe('reply emails and follows from a link', () => {
  it('a replies link turns reply emails off and on for its user only', async () => {
    const reader = await insertPerson(db(), 'reader', { notifyReplies: true });
    const other = await insertPerson(db(), 'reader', { notifyReplies: true });
    await run(setReplyEmails, VISITOR, { link: linkFor('replies', reader.id), on: false });
    const notify = async (id: string) => (await db().select({ on: users.notifyReplies }).from(users).where(eq(users.id, id)))[0]!.on;
    expect(await notify(reader.id)).toBe(false);
    expect(await notify(other.id)).toBe(true);
    await run(setReplyEmails, VISITOR, { link: linkFor('follows', reader.id), on: true });
    expect(await notify(reader.id)).toBe(true);
  });

  it('a briefing link cannot change the reply emails or follows of a reader with the same address', async () => {
    const reader = await insertPerson(db(), 'reader', { notifyReplies: true });
    const row = await aSubscriber('active', reader.email);
    const articleId = await insertArticle(db(), site());
    await run(followArticle, actorOf(reader), { articleId });
    const link = linkFor('briefing', row.id);
    await expect(run(setReplyEmails, VISITOR, { link, on: false })).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(run(unfollowAll, VISITOR, { link })).rejects.toMatchObject({ code: 'not-allowed' });
    expect((await db().select().from(follows).where(eq(follows.userId, reader.id))).length).toBe(1);
    // The page shows the briefing only.
    const shown = await emailPreferences(db(), VISITOR, link);
    expect(shown).toMatchObject({ notifyReplies: null, follows: [], authority: { userId: null, email: reader.email } });
  });

  it('follows and unfollows: twice is once, a follows link unfollows, and the page lists what is followed', async () => {
    const reader = await insertPerson(db());
    const [first, second] = [await insertArticle(db(), site()), await insertArticle(db(), site())];
    expect((await run(followArticle, actorOf(reader), { articleId: first })).output).toMatchObject({ changed: true });
    expect((await run(followArticle, actorOf(reader), { articleId: first })).output).toMatchObject({ changed: false });
    await run(followArticle, actorOf(reader), { articleId: second });
    const shown = await emailPreferences(db(), actorOf(reader));
    expect(shown.follows.map((row) => row.articleId)).toEqual([second, first]);
    expect(shown.notifyReplies).toBe(true);

    await run(unfollowArticle, VISITOR, { link: linkFor('follows', reader.id), articleId: first });
    expect((await emailPreferences(db(), actorOf(reader))).follows.map((row) => row.articleId)).toEqual([second]);
    expect((await run(unfollowAll, VISITOR, { link: linkFor('follows', reader.id) })).output).toEqual({ removed: 1 });
    expect((await emailPreferences(db(), actorOf(reader))).follows).toEqual([]);
  });

  it('refuses to follow for a visitor, or an article that does not exist', async () => {
    const reader = await insertPerson(db());
    await expect(run(followArticle, VISITOR, { articleId: site().articleId })).rejects.toMatchObject({ code: 'not-allowed' });
    await expect(run(followArticle, actorOf(reader), { articleId: 2_000_000_000 })).rejects.toMatchObject({ code: 'not-found' });
    await expect(run(followArticle, COMMAND_LINE, { articleId: site().articleId })).rejects.toMatchObject({ code: 'not-allowed' });
  });
});
