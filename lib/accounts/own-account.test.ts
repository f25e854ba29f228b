import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { accounts, responses, sessions, users } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/session';
import { actorOf, COMMAND_LINE, VISITOR, type Actor } from '@/lib/commands/actor';
import { Refusal } from '@/lib/commands/refusal';
import { run } from '@/test/commands';
import { insertArticle, insertPerson, insertResponse, useSettings, userRow } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { expectRefusal, type ExpectedRefusal } from '@/test/refused';
import { changeProfile, deleteOwnAccount, type Profile } from './own-account';

/** A reader's own account as commands change it, with no form, against a real (fresh, migrated) database. */

// The fixtures read people as the session does, which loads Auth.js; no session is needed here.
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

const { db, site } = withRealIssue();

const DAY = 86_400_000;

beforeAll(async () => {
  await useSettings(db(), { bannedWords: ['idiot'], suspectWords: ['dick'] });
});

/** A named reader of some organisation, 10 days old. */
const reader = (values: Partial<typeof users.$inferInsert> = {}) =>
  insertPerson(db(), 'reader', { affiliation: 'Somewhere Ltd', updatedAt: new Date(Date.now() - 10 * DAY), ...values });
const as = (who: CurrentUser | Actor) => ('email' in who ? actorOf(who) : who);
const save = (who: CurrentUser | Actor, profile: Partial<Profile>) => run(changeProfile, as(who), { notifyReplies: false, ...profile });

/** Runs `attempt`, which should be refused with `expected`, and checks that the account is as it was. */
const expectRefused = (user: CurrentUser, attempt: () => Promise<unknown>, expected: ExpectedRefusal) =>
  expectRefusal(attempt, expected, { unchanged: () => userRow(db(), user.id) });

describe('changeProfile', () => {
  it('saves the name and organisation (tidied) and the reply-email choice, naming the lists that show the reader', async () => {
    const person = await reader({ displayName: null });
    const elsewhere = await insertArticle(db(), site());
    await insertResponse(db(), { articleId: site().articleId, authorId: person.id });
    await insertResponse(db(), { articleId: elsewhere, authorId: person.id, status: 'removed' });

    const { tags } = await save(person, { displayName: '  Ada   Lovelace ', affiliation: ' Analytical Engines ', notifyReplies: false });

    const row = await userRow(db(), person.id);
    expect(row).toMatchObject({ displayName: 'Ada Lovelace', affiliation: 'Analytical Engines', notifyReplies: false });
    expect(Date.now() - row.updatedAt.getTime()).toBeLessThan(60_000);
    expect(tags).toEqual([`responses:${site().articleId}`, `responses:${elsewhere}`].sort());
  });

  it('turns reply emails on and clears an empty organisation', async () => {
    const person = await reader({ notifyReplies: false });

    expect(await save(person, { displayName: 'Grace', affiliation: '   ', notifyReplies: true })).toEqual({ output: undefined, tags: [] });

    expect(await userRow(db(), person.id)).toMatchObject({ displayName: 'Grace', affiliation: null, notifyReplies: true });
  });

  it.each([
    ['empty', { displayName: '' }, 'displayName', 'Please enter your name.'],
    ['missing', { displayName: undefined }, 'displayName', 'Please enter your name.'],
    ['61 characters long', { displayName: 'x'.repeat(61) }, 'displayName', 'Your name may be at most 60 characters (this is 61).'],
    ['holding a control character', { displayName: 'Ada\u0007Lovelace' }, 'displayName', expect.stringContaining('control characters')],
    [
      'holding a right-to-left override',
      { displayName: 'Ada \u202Eecalevol' },
      'displayName',
      expect.stringContaining('control characters'),
    ],
    ['with a banned word', { displayName: 'Ada the Idiot' }, 'displayName', 'Your name uses words that are not allowed here: idiot.'],
    [
      'with a banned word through look-alikes',
      { displayName: 'Ada \u0406d1ot' },
      'displayName',
      'Your name uses words that are not allowed here: idiot.',
    ],
    [
      'with a banned word in the organisation',
      { affiliation: 'Idiots Anonymous, the IDIOT club' },
      'affiliation',
      'Your organisation uses words that are not allowed here: idiot.',
    ],
    [
      'with a staff title',
      { displayName: 'Site Admin' },
      'displayName',
      'Your name may not present you as the site’s staff (it reads as “admin”). Please choose another.',
    ],
    [
      'with a staff look-alike',
      { displayName: '\u041Cod' },
      'displayName',
      'Your name may not present you as the site’s staff (it reads as “mod”). Please choose another.',
    ],
    [
      'with a staff organisation',
      { affiliation: 'The Moderators' },
      'affiliation',
      'Your organisation may not present you as the site’s staff (it reads as “moderators”). Please choose another.',
    ],
    [
      'with a zero-width space',
      { displayName: 'Ad\u200Ba' },
      'displayName',
      'Your name may not contain invisible characters such as zero-width spaces.',
    ],
    [
      'with stacked marks',
      { displayName: 'Z\u0301\u0302\u0303\u0304algo' },
      'displayName',
      'Your name has too many accents on one letter (at most 3).',
    ],
  ])('refuses a name or organisation %s, beside it, changing nothing', async (_what, fields, field, message) => {
    const person = await reader();

    await expectRefused(person, () => save(person, { displayName: 'Ada', affiliation: 'Elsewhere', ...fields }), {
      code: 'invalid',
      field,
      message,
    });
  });

  it.each(['moderator', 'editor', 'admin'] as const)('lets %s staff take a staff title, but not a banned word', async (role) => {
    const staff = await insertPerson(db(), role);

    await save(staff, { displayName: 'Site Admin', affiliation: 'Moderators' });
    expect(await userRow(db(), staff.id)).toMatchObject({ displayName: 'Site Admin', affiliation: 'Moderators' });

    await expectRefused(staff, () => save(staff, { displayName: 'Idiot Admin' }), {
      code: 'invalid',
      field: 'displayName',
      message: 'Your name uses words that are not allowed here: idiot.',
    });
  });

  it('keeps real names, stored in NFC, and allows suspect words', async () => {
    const person = await reader();

    await save(person, { displayName: 'Rene\u0301e O’Connor-S\u030Cimic\u0301', affiliation: 'Dick & Co, Staffordshire' });

    expect(await userRow(db(), person.id)).toMatchObject({ displayName: 'Renée O’Connor-Šimić', affiliation: 'Dick & Co, Staffordshire' });
  });

  describe('for a suspended or banned reader', () => {
    it.each([
      ['suspended', { suspendedUntil: new Date(Date.now() + 3 * DAY), sanctionReason: 'Rude.' }],
      ['banned', { banned: true, sanctionReason: 'Spam.' }],
    ])('refuses a new name or organisation when %s, but saves reply emails', async (what, sanction) => {
      const person = await reader({ displayName: 'Eve', notifyReplies: true, ...sanction });
      const message = `While your account is ${what} you cannot change your name or organisation; you can still change reply emails.`;

      await expectRefused(person, () => save(person, { displayName: 'Eve Anew', affiliation: 'Somewhere Ltd' }), {
        code: 'not-allowed',
        field: 'displayName',
        message,
      });
      await expectRefused(person, () => save(person, { displayName: 'Eve', affiliation: 'Elsewhere' }), {
        code: 'not-allowed',
        field: 'affiliation',
        message,
      });

      // The form sends the name and organisation as they are (spaced differently is still the same): that saves.
      await save(person, { displayName: '  Eve ', affiliation: 'Somewhere   Ltd', notifyReplies: false });
      expect(await userRow(db(), person.id)).toMatchObject({ displayName: 'Eve', affiliation: 'Somewhere Ltd', notifyReplies: false });
    });

    it('keeps the name they have even if the rules now refuse it', async () => {
      const person = await reader({ displayName: 'Ada the Idiot', banned: true });

      await save(person, { displayName: 'Ada the Idiot', affiliation: 'Somewhere Ltd', notifyReplies: true });

      expect(await userRow(db(), person.id)).toMatchObject({ displayName: 'Ada the Idiot', notifyReplies: true });
    });
  });

  it.each([
    ['a visitor', VISITOR],
    ['the command line', COMMAND_LINE],
  ])('refuses %s: a profile is a signed-in reader’s own', async (_who, actor) => {
    await expect(save(actor, { displayName: 'Nobody' })).rejects.toThrow(
      new Refusal('not-allowed', 'Only a signed-in reader can do that.'),
    );
    expect(await db().select().from(users).where(eq(users.displayName, 'Nobody'))).toEqual([]);
  });
});

describe('deleteOwnAccount', () => {
  async function withSessionAndResponse(person: CurrentUser) {
    await db()
      .insert(sessions)
      .values({ sessionToken: `token-${person.id}`, userId: person.id, expires: new Date(Date.now() + 30 * DAY) });
    await db().insert(accounts).values({ userId: person.id, type: 'email', provider: 'nodemailer', providerAccountId: person.email });
    return insertResponse(db(), { articleId: site().articleId, authorId: person.id, body: 'Something I said.' });
  }

  it.each([
    ['a reader', {}],
    ['a banned reader', { banned: true }],
  ])('deletes %s, their sessions and sign-in accounts, and keeps their responses unsigned', async (_who, values) => {
    const person = await reader(values);
    const responseId = await withSessionAndResponse(person);
    const bystander = await reader();
    await withSessionAndResponse(bystander);

    const { tags } = await run(deleteOwnAccount, actorOf(person), {});

    expect(await db().select().from(users).where(eq(users.id, person.id))).toEqual([]);
    expect(await db().select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([]);
    expect(await db().select().from(accounts).where(eq(accounts.userId, person.id))).toEqual([]);
    const [response] = await db().select().from(responses).where(eq(responses.id, responseId));
    expect(response).toMatchObject({ authorId: null, body: 'Something I said.', status: 'published' });
    expect(tags).toEqual([`responses:${site().articleId}`]);
    // Nobody else's account is touched.
    expect(await db().select().from(users).where(eq(users.id, bystander.id))).toHaveLength(1);
    expect(await db().select().from(sessions).where(eq(sessions.userId, bystander.id))).toHaveLength(1);
  });

  it.each([
    ['a visitor', VISITOR],
    ['the command line', COMMAND_LINE],
  ])('refuses %s, deleting nothing', async (_who, actor) => {
    const everyone = () => db().select({ id: users.id }).from(users).orderBy(users.id);
    const before = await everyone();

    await expect(run(deleteOwnAccount, actor, {})).rejects.toThrow(new Refusal('not-allowed', 'Only a signed-in reader can do that.'));

    expect(await everyone()).toEqual(before);
  });
});
