import { describe, expect, it, vi } from 'vitest';
import { updateTag } from 'next/cache';
import type { UserRole } from '@/db/schema';
import { saveProfile } from '@/lib/accounts/actions';
import { requestSignIn } from '@/lib/auth/actions';
import { approveResponse, rejectResponse, sanctionReader } from '@/lib/moderation/actions';
import { saveSettings, setRole } from '@/lib/moderation/admin-actions';
import { appealRejection, reportResponse } from '@/lib/moderation/reader-actions';
import { postResponse } from '@/lib/responses/actions';
import { form, insertArticle, insertPerson, insertResponse, signInAs, snapshot } from '@/test/moderation';
import { responseInFreshArticle, withRealIssueForActions } from '@/test/real-issue';
import type { FormState } from './guard';

/**
 * Every form field, whatever the action: a NUL byte (which PostgreSQL cannot store) or text that arrived as
 * invalid UTF-8 (U+FFFD) is answered with a message naming the field, and nothing changes — checked by `guarded`
 * before any action's own schema. Against a real (fresh) database.
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

const { db, site } = withRealIssueForActions();

type Case = {
  /** Who calls it (null: signed out). */
  caller: UserRole | null;
  /** The field that carries the bad text. */
  field: string;
  /** The form, with `text` in that field; may set up rows it needs (as `caller`, whose id it is given). */
  form: (text: string, callerId: string | null) => Promise<FormData>;
  action: (previous: FormState | undefined, formData: FormData) => Promise<FormState>;
};

/** A response (by a new reader, in a fresh article) in the state given: published unless told. */
const newResponse = async (status: 'published' | 'pending' = 'published') => (await responseInFreshArticle(db(), site(), { status })).id;

const CASES: Record<string, Case> = {
  'a report note': {
    caller: 'reader',
    field: 'note',
    form: async (text) => form({ responseId: await newResponse(), reason: 'other', note: `It is ${text} wrong.` }),
    action: reportResponse,
  },
  'an appeal note': {
    caller: 'reader',
    field: 'note',
    form: async (text, callerId) => {
      const articleId = await insertArticle(db(), site());
      const responseId = await insertResponse(db(), { articleId, authorId: callerId, status: 'rejected' });
      return form({ responseId, note: `Please ${text} look again.` });
    },
    action: appealRejection,
  },
  'a rejection note': {
    caller: 'moderator',
    field: 'note',
    form: async (text) => {
      return form({ responseId: await newResponse('pending'), reason: 'other', note: `Off ${text} topic.` });
    },
    action: rejectResponse,
  },
  'a sanction reason': {
    caller: 'moderator',
    field: 'reason',
    form: async (text) => form({ userId: (await insertPerson(db())).id, kind: 'ban', reason: `Spam${text}` }),
    action: sanctionReader,
  },
  'a banned-words list in the settings': {
    caller: 'admin',
    field: 'bannedWords',
    form: async (text) =>
      form({
        defaultResponsesMode: 'open',
        holdFirstResponses: 1,
        bannedWords: `spam\nham${text}\neggs`,
        suspectWords: '',
        maxLinks: 2,
        reportThreshold: 3,
      }),
    action: saveSettings,
  },
  'an address on the people page': {
    caller: 'admin',
    field: 'email',
    form: async (text) => form({ email: `${(await insertPerson(db())).email}${text}`, role: 'moderator' }),
    action: setRole,
  },
  'a display name': {
    caller: 'reader',
    field: 'displayName',
    form: async (text) => form({ displayName: `Ada${text}`, affiliation: 'Somewhere', notifyReplies: 'on' }),
    action: saveProfile,
  },
  'a response body': {
    caller: 'reader',
    field: 'body',
    form: async (text) => form({ articleId: await insertArticle(db(), site()), body: `I agree${text}.` }),
    action: postResponse,
  },
  // A field no schema reads is checked all the same: no action can forget.
  'a return address no schema checks as text': {
    caller: 'moderator',
    field: 'returnTo',
    form: async (text) => {
      return form({ responseId: await newResponse('pending'), returnTo: `/moderation${text}` });
    },
    action: approveResponse,
  },
};

const BAD_TEXT = [
  [
    'a NUL byte',
    '\u0000',
    'What you sent contains a NUL character (U+0000), which is not allowed in text. Please remove it.',
    'This field contains a NUL character (U+0000), which is not allowed in text. Please remove it.',
  ],
  [
    'invalid UTF-8 (U+FFFD)',
    '\uFFFD',
    'Part of what you sent could not be read (it was not valid UTF-8). Please retype the garbled part.',
    'Part of this field could not be read (it was not valid UTF-8). Please retype the garbled part.',
  ],
] as const;

describe.each(Object.entries(CASES))('%s', (_what, spec) => {
  it.each(BAD_TEXT)('answers %s with a message and changes nothing', async (_bad, text, message, fieldMessage) => {
    const caller = spec.caller ? await insertPerson(db(), spec.caller) : null;
    signInAs(db(), caller);
    const submitted = await spec.form(text, caller?.id ?? null);
    const before = await snapshot(db());

    const state = await spec.action(undefined, submitted);

    expect(state).toMatchObject({ status: 'error', message, fieldErrors: { [spec.field]: fieldMessage } });
    expect(state.values?.[spec.field]).toBe(submitted.get(spec.field));
    expect(await snapshot(db())).toEqual(before);
    expect(updateTag).not.toHaveBeenCalled();
  });
});

describe('the sign-in form', () => {
  it.each(BAD_TEXT)('answers %s in the address with a message, sending nothing', async (_bad, text, message, fieldMessage) => {
    signInAs(db(), null);
    const { signIn } = await import('@/lib/auth');

    const state = await requestSignIn(undefined, form({ email: `ada${text}@example.org` }));

    expect(state).toMatchObject({ status: 'error', message, fieldErrors: { email: fieldMessage } });
    expect(signIn).not.toHaveBeenCalled();
  });
});
