import { count, eq } from 'drizzle-orm';
import { updateTag } from 'next/cache';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { accounts, responses, sessions, users } from '@/db/schema';
import { signOut } from '@/lib/auth';
import { currentUser, type CurrentUser } from '@/lib/auth/session';
import { withRealIssue } from '@/test/real-issue';
import { redirectOf } from '@/test/redirect';
import { resetRequest } from '@/test/request';
import { insertUser } from '@/test/users';
import { deleteAccount, saveProfile } from './actions';

/**
 * The account actions as a form calls them, against a real (fresh, migrated) database; Auth.js is not run. The
 * rules for names and sanctions are the commands' (own-account.test.ts): here, how their refusals reach the form,
 * the pages expired for this request, and signing out.
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

process.env.SITE_URL = 'http://localhost:3000';

const { db, site } = withRealIssue();

const DAY = 24 * 60 * 60 * 1000;

beforeEach(() => {
  resetRequest();
  vi.mocked(updateTag).mockClear();
  vi.mocked(signOut).mockClear();
  vi.mocked(currentUser).mockReset();
});

/** A named reader of some organisation, 10 days old. */
function makeReader(options: { displayName?: string | null } = {}): Promise<CurrentUser> {
  return insertUser(db(), {
    affiliation: 'Somewhere Ltd',
    updatedAt: new Date(Date.now() - 10 * DAY),
    ...options,
  });
}

function signInAs(user: CurrentUser | null) {
  vi.mocked(currentUser).mockResolvedValue(user);
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

async function userRow(id: string) {
  const [row] = await db().select().from(users).where(eq(users.id, id));
  return row;
}

async function insertResponse(authorId: string): Promise<number> {
  const [row] = await db()
    .insert(responses)
    .values({ articleId: site().articleId, authorId, body: 'Something I said.' })
    .returning({ id: responses.id });
  return row!.id;
}

describe('saveProfile', () => {
  it('saves the name (tidied), organisation and reply-email choice, and expires the reader’s response lists', async () => {
    const reader = await makeReader({ displayName: null });
    await insertResponse(reader.id);
    signInAs(reader);
    expect(await userRow(reader.id)).toMatchObject({ displayName: null, affiliation: 'Somewhere Ltd', notifyReplies: true });

    const state = await saveProfile(undefined, form({ displayName: '  Ada   Lovelace ', affiliation: ' Analytical Engines ' }));

    expect(state).toEqual({ status: 'done', message: 'Saved.' });
    const row = await userRow(reader.id);
    expect(row).toMatchObject({ displayName: 'Ada Lovelace', affiliation: 'Analytical Engines', notifyReplies: false });
    expect(Date.now() - row!.updatedAt.getTime()).toBeLessThan(60_000);
    expect(vi.mocked(updateTag).mock.calls).toEqual([[`responses:${site().articleId}`]]);
  });

  it('refuses a name the rules do not allow beside it, giving back what was typed and leaving the account as it was', async () => {
    const displayName = 'Ada\u0007Lovelace';
    const reader = await makeReader();
    const before = await userRow(reader.id);
    signInAs(reader);

    const state = await saveProfile(undefined, form({ displayName, affiliation: 'Elsewhere', notifyReplies: 'on' }));

    expect(state).toMatchObject({
      status: 'error',
      message: 'Your name may not contain control characters.',
      fieldErrors: { displayName: 'Your name may not contain control characters.' },
    });
    expect(state.values).toEqual({ displayName, affiliation: 'Elsewhere', notifyReplies: 'on' });
    expect(await userRow(reader.id)).toEqual(before);
    expect(updateTag).not.toHaveBeenCalled();
  });

  describe('a suspended or banned reader', () => {
    const sanctions = [
      ['suspended', { suspendedUntil: new Date(Date.now() + 3 * DAY), sanctionReason: 'Rude.' }, 'While your account is suspended'],
      ['banned', { banned: true, sanctionReason: 'Spam.' }, 'While your account is banned'],
    ] as const;

    it.each(sanctions)(
      'cannot change name or organisation when %s, but can still change reply emails',
      async (_what, sanction, opening) => {
        const reader = await insertUser(db(), { displayName: 'Eve', affiliation: 'Somewhere Ltd', notifyReplies: true, ...sanction });
        const before = await userRow(reader.id);
        signInAs(reader);

        const renamed = await saveProfile(undefined, form({ displayName: 'Eve Anew', affiliation: 'Somewhere Ltd' }));
        const moved = await saveProfile(undefined, form({ displayName: 'Eve', affiliation: 'Elsewhere' }));

        expect(renamed).toMatchObject({
          status: 'error',
          message: expect.stringContaining(opening),
          fieldErrors: { displayName: expect.stringContaining('cannot change your name') },
        });
        expect(renamed.fieldErrors).not.toHaveProperty('affiliation');
        expect(moved).toMatchObject({
          status: 'error',
          fieldErrors: { affiliation: expect.stringContaining('cannot change your name or organisation') },
        });
        expect(await userRow(reader.id)).toEqual(before);
        expect(updateTag).not.toHaveBeenCalled();

        // The form sends the name and organisation as they are (spaced differently is still the same): that saves.
        const state = await saveProfile(undefined, form({ displayName: '  Eve ', affiliation: 'Somewhere   Ltd' }));

        expect(state).toEqual({ status: 'done', message: 'Saved.' });
        expect(await userRow(reader.id)).toMatchObject({ displayName: 'Eve', affiliation: 'Somewhere Ltd', notifyReplies: false });
      },
    );
  });

  it('sends a signed-out reader to sign in', async () => {
    signInAs(null);
    const url = await redirectOf(saveProfile(undefined, form({ displayName: 'Nobody', returnTo: '/account' })));
    expect(url).toBe('/signin?callbackUrl=%2Faccount');
    expect(await db().select().from(users).where(eq(users.displayName, 'Nobody'))).toEqual([]);
  });
});

describe('deleteAccount', () => {
  async function withSessionAndResponse(reader: CurrentUser) {
    await db()
      .insert(sessions)
      .values({ sessionToken: `token-${reader.id}`, userId: reader.id, expires: new Date(Date.now() + 30 * DAY) });
    await db().insert(accounts).values({ userId: reader.id, type: 'email', provider: 'nodemailer', providerAccountId: reader.email });
    return insertResponse(reader.id);
  }

  it.each([
    ['nothing typed', {}],
    ['something else typed', { confirm: 'yes' }],
  ])('refuses with %s, keeping the account', async (_what, fields: Record<string, string>) => {
    const reader = await makeReader();
    await withSessionAndResponse(reader);
    signInAs(reader);

    const state = await deleteAccount(undefined, form(fields));

    expect(state.status).toBe('error');
    expect(state.fieldErrors?.confirm).toEqual(expect.any(String));
    expect(await userRow(reader.id)).toBeDefined();
    expect(await db().select().from(sessions).where(eq(sessions.userId, reader.id))).toHaveLength(1);
    expect(signOut).not.toHaveBeenCalled();
  });

  it('deletes the reader, their sessions and sign-in accounts, keeps their responses unsigned, and says so', async () => {
    const reader = await makeReader();
    const responseId = await withSessionAndResponse(reader);
    const bystander = await makeReader();
    await withSessionAndResponse(bystander);
    signInAs(reader);

    const url = await redirectOf(deleteAccount(undefined, form({ confirm: ' Delete ' })));

    expect(url).toBe('/account/deleted');
    expect(await userRow(reader.id)).toBeUndefined();
    expect(await db().select().from(sessions).where(eq(sessions.userId, reader.id))).toEqual([]);
    expect(await db().select().from(accounts).where(eq(accounts.userId, reader.id))).toEqual([]);
    const [response] = await db().select().from(responses).where(eq(responses.id, responseId));
    expect(response).toMatchObject({ authorId: null, body: 'Something I said.', status: 'published' });
    // Nobody else's account is touched.
    expect(await userRow(bystander.id)).toBeDefined();
    expect(await db().select().from(sessions).where(eq(sessions.userId, bystander.id))).toHaveLength(1);
    expect(vi.mocked(updateTag).mock.calls).toEqual([[`responses:${site().articleId}`]]);
    expect(signOut).toHaveBeenCalledWith({ redirect: false });
  });

  it('sends a signed-out reader to sign in, deleting nothing', async () => {
    await makeReader();
    const [{ value: before }] = (await db().select({ value: count() }).from(users)) as [{ value: number }];
    signInAs(null);

    const url = await redirectOf(deleteAccount(undefined, form({ confirm: 'delete', returnTo: '/account' })));

    expect(url).toBe('/signin?callbackUrl=%2Faccount');
    const [{ value: after }] = (await db().select({ value: count() }).from(users)) as [{ value: number }];
    expect(after).toBe(before);
    expect(signOut).not.toHaveBeenCalled();
  });
});
