import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { updateTag } from 'next/cache';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  articles,
  authors,
  moderationLog,
  moderationSettings,
  responseDrafts,
  responses,
  users,
  type ResponseMode,
  type ResponseStatus,
} from '@/db/schema';
import { currentUser, type CurrentUser } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { importIssueFiles } from '@/lib/issues/import';
import { DEFAULT_SETTINGS, type StoredSettings } from '@/lib/moderation/settings';
import { withFreshDatabase } from '@/test/database';
import { redirectOf } from '@/test/redirect';
import { jobs } from '@/lib/jobs/definitions';
import { jobRows, runDueJobsQuietly } from '@/test/jobs';
import { withMailOutbox } from '@/test/mail-outbox';
import { request, resetRequest } from '@/test/request';
import { insertUser } from '@/test/users';
import { DRAFT_RULES, windowStart } from '@/lib/ratelimit/rules';
import { deleteResponse, editResponse, postResponse } from './actions';
import { DRAFT_COOKIE, readDraft } from './drafts';

/**
 * The response actions as a form calls them, against a real (fresh, migrated) database. Only Next's request
 * machinery is replaced (test/request.ts): who is signed in, cookies, redirects. What is the request's
 * is tested here — where the reader is sent, the draft's cookie, the reply email queued with the response, the pages
 * expired for this request, and how each kind of refusal reaches the form; every rule of the commands themselves is
 * tested in post.test.ts and own.test.ts.
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

const mailDir = withMailOutbox('reply-mail');

const { connection } = withFreshDatabase();
const db = () => connection().db;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DATE = '2010-09-15';
const SLUG = 'we-should-value-local-diversity';
const TITLE = 'We should value local diversity';
const ARTICLE_PATH = `/issues/${DATE}/${SLUG}`;

/**
 * The moderation settings most of these tests run under: the defaults, except that a reader's first response is not
 * held, so that publishing can be tested on its own. The tests of the rules set what they need (see useSettings).
 */
const PUBLISH_SETTINGS: StoredSettings = { ...DEFAULT_SETTINGS, holdFirstResponses: 0 };

function useSettings(settings: Partial<StoredSettings>) {
  return db()
    .update(moderationSettings)
    .set({
      ...PUBLISH_SETTINGS,
      ...settings,
      bannedWords: [...(settings.bannedWords ?? [])],
      suspectWords: [...(settings.suspectWords ?? [])],
    })
    .where(eq(moderationSettings.id, 1));
}

/** Article ids by what they are for. */
const article = { open: 0, closed: 0, premoderated: 0 };

beforeAll(async () => {
  await importIssueFiles(db(), [path.join(process.cwd(), 'content', `briefing-${DATE}.txt`)]);
  const [real] = await db().select({ id: articles.id, issueId: articles.issueId, authorId: articles.authorId }).from(articles);
  article.open = real!.id;
  const extra = async (issueId: number, position: number, slug: string, responsesMode: ResponseMode) => {
    const [row] = await db()
      .insert(articles)
      .values({
        issueId,
        position,
        slug,
        title: `Title of ${slug}`,
        standfirst: 'Standfirst.',
        body: 'Body.',
        authorId: real!.authorId,
        responsesMode,
        status: 'published',
        publishedAt: new Date(),
      })
      .returning({ id: articles.id });
    return row!.id;
  };
  article.closed = await extra(real!.issueId, 3, 'a-closed-article', 'closed');
  article.premoderated = await extra(real!.issueId, 4, 'a-premoderated-article', 'premoderated');
  expect(await db().select({ id: authors.id }).from(authors)).toHaveLength(1);
  // Migration 0002 stores the settings row, holding a reader's first response by default.
  expect(await db().select().from(moderationSettings)).toEqual([expect.objectContaining({ id: 1, holdFirstResponses: 1 })]);
});

let clients = 0;

beforeEach(async () => {
  await useSettings({});
  resetRequest();
  // Each test from a network of its own, so that limits per network stay apart.
  request.client = `198.51.100.${++clients}`;
  vi.mocked(updateTag).mockClear();
  vi.mocked(currentUser).mockReset();
});

/** Inserts a reader (10 days old and named, unless told otherwise) and returns them as the session would. */
function makeReader(
  options: {
    age?: number;
    displayName?: string | null;
    notifyReplies?: boolean;
    suspendedUntil?: Date | null;
    banned?: boolean;
    sanctionReason?: string | null;
  } = {},
): Promise<CurrentUser> {
  const { age, ...values } = options;
  return insertUser(db(), { ...values, createdAt: new Date(Date.now() - (age ?? 10 * DAY)) });
}

function signInAs(user: CurrentUser | null) {
  vi.mocked(currentUser).mockResolvedValue(user);
}

/** Inserts a response directly, as if posted `ago` milliseconds before now. */
async function insertResponse(values: {
  authorId: string | null;
  articleId?: number;
  body?: string;
  ago?: number;
  parentId?: number | null;
  replyToId?: number | null;
  status?: ResponseStatus;
}): Promise<number> {
  const at = new Date(Date.now() - (values.ago ?? 5 * MINUTE));
  const status = values.status ?? 'published';
  const [row] = await db()
    .insert(responses)
    .values({
      articleId: values.articleId ?? article.open,
      authorId: values.authorId,
      parentId: values.parentId ?? null,
      replyToId: values.replyToId ?? null,
      body: values.body ?? 'An earlier response.',
      status,
      removedBy: status === 'removed' ? 'author' : null,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: responses.id });
  return row!.id;
}

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, String(value));
  return data;
}

async function responsesBy(authorId: string) {
  return db().select().from(responses).where(eq(responses.authorId, authorId)).orderBy(responses.id);
}

async function responseRow(id: number) {
  const [row] = await db().select().from(responses).where(eq(responses.id, id));
  return row!;
}

const tagCalls = () => vi.mocked(updateTag).mock.calls.map(([tag]) => tag);

const replyJobs = () => jobRows(db(), jobs.replyNotification.name);

describe('postResponse', () => {
  it('publishes a named reader’s response, trimmed, and sends them to it', async () => {
    const reader = await makeReader();
    signInAs(reader);
    expect(await responsesBy(reader.id)).toEqual([]);
    const jobsBefore = await replyJobs();

    const url = await redirectOf(
      postResponse(undefined, form({ articleId: article.open, body: '  A considered response.\r\n\r\nSecond paragraph.  \n' })),
    );

    const rows = await responsesBy(reader.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      articleId: article.open,
      body: 'A considered response.\n\nSecond paragraph.',
      status: 'published',
      parentId: null,
      replyToId: null,
      editedAt: null,
      removedBy: null,
    });
    expect(url).toBe(`${ARTICLE_PATH}#response-${rows[0]!.id}`);
    expect(tagCalls()).toEqual([`responses:${article.open}`, 'response-counts']);
    expect(await replyJobs()).toEqual(jobsBefore); // not a reply: nobody to tell
  });

  it('keeps a signed-out reader’s response as a draft, with a cookie, and sends them to sign in', async () => {
    signInAs(null);
    const [{ value: before }] = (await db().select({ value: count() }).from(responses)) as [{ value: number }];

    const url = await redirectOf(postResponse(undefined, form({ articleId: article.open, body: '  Written while signed out.  ' })));

    expect(url).toBe('/signin?callbackUrl=%2Fresponses%2Fresume&reason=respond');
    const [{ value: after }] = (await db().select({ value: count() }).from(responses)) as [{ value: number }];
    expect(after).toBe(before);
    const cookie = request.jar.get(DRAFT_COOKIE);
    expect(cookie?.value).toMatch(/^[0-9a-f-]{36}$/);
    expect(cookie?.options).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', maxAge: 7 * 86_400 });
    const drafts = await db().select().from(responseDrafts).where(eq(responseDrafts.id, cookie!.value));
    expect(drafts).toEqual([expect.objectContaining({ articleId: article.open, replyToId: null, body: 'Written while signed out.' })]);
    expect(updateTag).not.toHaveBeenCalled();
  });

  it('keeps the response of a reader without a name as a draft and asks for the name', async () => {
    const reader = await makeReader({ displayName: null });
    signInAs(reader);

    const url = await redirectOf(postResponse(undefined, form({ articleId: article.open, body: 'Nameless so far.' })));

    expect(url).toBe('/responses/resume');
    expect(await responsesBy(reader.id)).toEqual([]);
    const drafts = await db()
      .select()
      .from(responseDrafts)
      .where(eq(responseDrafts.id, request.jar.get(DRAFT_COOKIE)!.value));
    expect(drafts).toEqual([expect.objectContaining({ articleId: article.open, body: 'Nameless so far.' })]);
  });

  it('sets the name given with the response, posts it, and discards the draft it came from', async () => {
    const reader = await makeReader({ displayName: null });
    signInAs(reader);
    await redirectOf(postResponse(undefined, form({ articleId: article.open, body: 'From a draft.' })));
    const draftId = request.jar.get(DRAFT_COOKIE)!.value;
    const [otherDraft] = await db()
      .insert(responseDrafts)
      .values({ articleId: article.open, body: 'Someone else’s draft.' })
      .returning({ id: responseDrafts.id });

    const url = await redirectOf(
      postResponse(undefined, form({ articleId: article.open, body: 'From a draft.', displayName: '  Ada   Reader ', draftId })),
    );

    const rows = await responsesBy(reader.id);
    expect(rows).toEqual([expect.objectContaining({ body: 'From a draft.', status: 'published' })]);
    expect(url).toBe(`${ARTICLE_PATH}#response-${rows[0]!.id}`);
    const [user] = await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, reader.id));
    expect(user!.displayName).toBe('Ada Reader');
    expect(await db().select().from(responseDrafts).where(eq(responseDrafts.id, draftId))).toEqual([]);
    expect(await db().select().from(responseDrafts).where(eq(responseDrafts.id, otherDraft!.id))).toHaveLength(1);
    expect(request.jar.has(DRAFT_COOKIE)).toBe(false);
  });

  it('refuses a name that is not one line of visible text, and posts nothing', async () => {
    const reader = await makeReader({ displayName: null });
    signInAs(reader);

    const state = await postResponse(undefined, form({ articleId: article.open, body: 'Hello.', displayName: 'Eve\u202Eevil' }));

    expect(state).toMatchObject({ status: 'error', fieldErrors: { displayName: expect.stringContaining('control characters') } });
    expect(state.values).toMatchObject({ body: 'Hello.', displayName: 'Eve\u202Eevil' });
    expect(await responsesBy(reader.id)).toEqual([]);
    const [user] = await db().select({ displayName: users.displayName }).from(users).where(eq(users.id, reader.id));
    expect(user!.displayName).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '  \r\n\t  \n '],
    ['5001 characters', 'x'.repeat(5001)],
    ['a NUL byte', 'Before\u0000after'],
    ['a replacement character (bad UTF-8)', 'Caf\uFFFD au lait'],
  ])('refuses a body that is %s, echoing what was typed', async (_what, body) => {
    const reader = await makeReader();
    signInAs(reader);

    const state = await postResponse(undefined, form({ articleId: article.open, body }));

    expect(state.status).toBe('error');
    expect(state.fieldErrors?.body).toEqual(expect.any(String));
    expect(state.values).toEqual({ articleId: String(article.open), body });
    expect(await responsesBy(reader.id)).toEqual([]);
    expect(updateTag).not.toHaveBeenCalled();
  });

  it('refuses a response to an article whose responses are closed', async () => {
    const reader = await makeReader();
    signInAs(reader);

    const state = await postResponse(undefined, form({ articleId: article.closed, body: 'Let me in.' }));

    expect(state).toMatchObject({ status: 'error', message: 'Responses to this article are closed.', values: { body: 'Let me in.' } });
    expect(await responsesBy(reader.id)).toEqual([]);
  });

  it('holds a response to a premoderated article for review, without expiring the counts', async () => {
    const reader = await makeReader();
    signInAs(reader);

    const url = await redirectOf(postResponse(undefined, form({ articleId: article.premoderated, body: 'For the moderators.' })));

    const rows = await responsesBy(reader.id);
    expect(rows).toEqual([expect.objectContaining({ articleId: article.premoderated, status: 'pending', body: 'For the moderators.' })]);
    expect(url).toBe(`/responses/${rows[0]!.id}?posted=pending`);
    expect(tagCalls()).toEqual([`responses:${article.premoderated}`]);
  });

  describe('replies', () => {
    it('refuses a signed-out reply to a response that does not exist, keeping no draft', async () => {
      signInAs(null);
      const [{ value: draftsBefore }] = (await db().select({ value: count() }).from(responseDrafts)) as [{ value: number }];

      const state = await postResponse(undefined, form({ articleId: article.open, replyToId: 2147483647, body: 'Hi' }));

      expect(state).toMatchObject({ status: 'error', message: 'The response you are replying to is no longer there.' });
      expect(request.jar.has(DRAFT_COOKIE)).toBe(false);
      const [{ value: draftsAfter }] = (await db().select({ value: count() }).from(responseDrafts)) as [{ value: number }];
      expect(draftsAfter).toBe(draftsBefore);
    });

    it('refuses a reply to a response that is no longer there, giving back what was typed', async () => {
      const replyToId = await insertResponse({ authorId: null, status: 'removed' });
      const replier = await makeReader();
      signInAs(replier);

      const state = await postResponse(undefined, form({ articleId: article.open, replyToId, body: 'Hello?' }));

      expect(state).toMatchObject({ status: 'error', message: 'The response you are replying to is no longer there.' });
      expect(state.values).toMatchObject({ replyToId: String(replyToId), body: 'Hello?' });
      expect(await responsesBy(replier.id)).toEqual([]);
    });
  });

  describe('rate limits', () => {
    it('makes an established reader wait 10 seconds between responses', async () => {
      const reader = await makeReader({ age: 10 * DAY });
      signInAs(reader);
      await redirectOf(postResponse(undefined, form({ articleId: article.open, body: 'First.' })));

      const state = await postResponse(undefined, form({ articleId: article.open, body: 'Second, too soon.' }));

      expect(state.status).toBe('error');
      expect(state.message).toMatch(/^Please wait (\d|10) seconds? before posting again \(10 seconds between responses\)\.$/);
      expect(state.values).toMatchObject({ body: 'Second, too soon.' });
      expect((await responsesBy(reader.id)).map((row) => row.body)).toEqual(['First.']);
    });
  });

  it('refuses a suspended reader, naming the date the suspension ends', async () => {
    const until = new Date(Date.now() + 3 * DAY);
    const reader = await makeReader({ suspendedUntil: until });
    signInAs(reader);

    const state = await postResponse(undefined, form({ articleId: article.open, body: 'Let me speak.' }));

    expect(state.status).toBe('error');
    expect(state.message).toContain(`suspended until ${formatDateTime(until)}`);
    expect(state.values).toMatchObject({ body: 'Let me speak.' });
    expect(await responsesBy(reader.id)).toEqual([]);
  });
});

describe('signed-out drafts', () => {
  const draftCount = async () => ((await db().select({ value: count() }).from(responseDrafts)) as [{ value: number }])[0].value;
  const draftRow = async (id: string) => (await db().select().from(responseDrafts).where(eq(responseDrafts.id, id)))[0];

  /** Saves a draft as a signed-out reader in this browser (the jar); returns the id its cookie names. */
  async function draftSignedOut(body: string): Promise<string> {
    signInAs(null);
    await redirectOf(postResponse(undefined, form({ articleId: article.open, body })));
    return request.jar.get(DRAFT_COOKIE)!.value;
  }

  it('keeps one draft per browser: a second replaces the first', async () => {
    const before = await draftCount();
    const first = await draftSignedOut('My first thought.');

    const second = await draftSignedOut('My better thought.');

    expect(second).not.toBe(first);
    expect(await draftRow(first)).toBeUndefined();
    expect(await draftRow(second)).toMatchObject({ articleId: article.open, body: 'My better thought.' });
    expect(await draftCount()).toBe(before + 1);
  });

  it('refuses a draft beyond the hour’s limit for a network, saying so, and stores nothing', async () => {
    // Halfway through an hour's window, so that the hour cannot turn in the middle of the test.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(windowStart(Date.now(), 3600) + 30 * MINUTE);
    try {
      const { limit } = DRAFT_RULES.perNetwork(request.client);
      for (let browser = 1; browser <= limit; browser++) {
        request.jar.clear();
        await draftSignedOut(`Draft from browser ${browser}.`);
      }
      request.jar.clear();
      const before = await draftCount();

      const state = await postResponse(undefined, form({ articleId: article.open, body: 'One too many.' }));

      expect(state).toMatchObject({
        status: 'error',
        message:
          'Too many responses have been kept for after sign-in from your network. Please try again in 30 minutes, or sign in (and choose your name) first and post it directly.',
        values: { body: 'One too many.' },
      });
      expect(await draftCount()).toBe(before);
      expect(request.jar.has(DRAFT_COOKIE)).toBe(false);

      // Another network is not held back by this one.
      request.client = '2001:db8:1:2::7';
      expect(await draftRow(await draftSignedOut('From elsewhere.'))).toMatchObject({ body: 'From elsewhere.' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not resume a draft past its 7 days, and the next save removes it', async () => {
    const [expired, recent] = await db()
      .insert(responseDrafts)
      .values([
        { articleId: article.open, body: 'Forgotten.', createdAt: new Date(Date.now() - 7 * DAY - MINUTE) },
        { articleId: article.open, body: 'Still waiting.', createdAt: new Date(Date.now() - 7 * DAY + HOUR) },
      ])
      .returning({ id: responseDrafts.id });
    request.jar.set(DRAFT_COOKIE, { name: DRAFT_COOKIE, value: expired!.id });
    expect(await readDraft(db())).toBeNull();
    request.jar.set(DRAFT_COOKIE, { name: DRAFT_COOKIE, value: recent!.id });
    expect(await readDraft(db())).toMatchObject({ body: 'Still waiting.' });

    request.jar.clear(); // someone else, in another browser
    await draftSignedOut('Someone else’s draft.');

    expect(await draftRow(expired!.id)).toBeUndefined();
    expect(await draftRow(recent!.id)).toBeDefined();
  });
});

describe('editResponse', () => {
  it('changes one’s own response within 15 minutes and marks it edited', async () => {
    const reader = await makeReader();
    const id = await insertResponse({ authorId: reader.id, ago: 5 * MINUTE, body: 'Frist thoughts.' });
    signInAs(reader);
    expect(await responseRow(id)).toMatchObject({ body: 'Frist thoughts.', editedAt: null });

    const url = await redirectOf(editResponse(undefined, form({ responseId: id, body: '  First thoughts.  ' })));

    expect(url).toBe(`${ARTICLE_PATH}#response-${id}`);
    const row = await responseRow(id);
    expect(row.body).toBe('First thoughts.');
    expect(row.editedAt).toBeInstanceOf(Date);
    expect(Math.abs(row.editedAt!.getTime() - Date.now())).toBeLessThan(MINUTE);
    expect(row.status).toBe('published');
    expect(tagCalls()).toEqual([`responses:${article.open}`]);
  });

  it('refuses to change another reader’s response', async () => {
    const owner = await makeReader();
    const id = await insertResponse({ authorId: owner.id, body: 'Mine.' });
    const before = await responseRow(id);
    signInAs(await makeReader());

    const state = await editResponse(undefined, form({ responseId: id, body: 'Now mine.' }));

    expect(state).toMatchObject({ status: 'error', message: 'You can only edit your own responses.', values: { body: 'Now mine.' } });
    expect(await responseRow(id)).toEqual(before);
  });

  it('refuses to change one’s own response after 15 minutes', async () => {
    const reader = await makeReader();
    const id = await insertResponse({ authorId: reader.id, ago: 16 * MINUTE, body: 'Old words.' });
    const before = await responseRow(id);
    signInAs(reader);

    const state = await editResponse(undefined, form({ responseId: id, body: 'New words.' }));

    expect(state).toMatchObject({
      status: 'error',
      message: 'Responses can be edited for 15 minutes after posting; this one can no longer be changed.',
      values: { body: 'New words.' },
    });
    expect(await responseRow(id)).toEqual(before);
  });

  it('refuses an invalid body, leaving the response as it was', async () => {
    const reader = await makeReader();
    const id = await insertResponse({ authorId: reader.id, body: 'Fine as it is.' });
    const before = await responseRow(id);
    signInAs(reader);

    const state = await editResponse(undefined, form({ responseId: id, body: '   ' }));

    expect(state).toMatchObject({ status: 'error', fieldErrors: { body: 'Please write your response.' } });
    expect(await responseRow(id)).toEqual(before);
  });

  it('sends a signed-out reader to sign in, changing nothing', async () => {
    const id = await insertResponse({ authorId: (await makeReader()).id, body: 'Untouched.' });
    const before = await responseRow(id);
    signInAs(null);

    const url = await redirectOf(editResponse(undefined, form({ responseId: id, body: 'Changed?', returnTo: `/responses/${id}/edit` })));

    expect(url).toBe(`/signin?callbackUrl=${encodeURIComponent(`/responses/${id}/edit`)}`);
    expect(await responseRow(id)).toEqual(before);
  });
});

describe('the moderation rules, applied to every post and edit', () => {
  const logOf = (responseId: number) =>
    db()
      .select()
      .from(moderationLog)
      .where(eq(moderationLog.targetId, String(responseId)))
      .orderBy(moderationLog.id);

  /** Posts as `user` to the open article and returns where they were sent and the response stored. */
  async function post(user: CurrentUser, body: string, articleId = article.open) {
    signInAs(user);
    const url = await redirectOf(postResponse(undefined, form({ articleId, body })));
    const rows = await responsesBy(user.id);
    return { url, row: rows.at(-1)! };
  }

  it('rejects a response using a banned word, whatever its case and accents, and logs it as the rules', async () => {
    await useSettings({ bannedWords: ['crétin'] });
    const reader = await makeReader();

    const { url, row } = await post(reader, 'What a CRETIN');

    expect(row).toMatchObject({ status: 'rejected', heldFor: null, rejectionReason: 'banned-words', body: 'What a CRETIN' });
    expect(row.rejectionNote).toContain('crétin');
    expect(url).toBe(`/responses/${row.id}?posted=rejected`);
    expect(tagCalls()).toEqual([`responses:${article.open}`]);
    expect(await logOf(row.id)).toEqual([
      expect.objectContaining({
        action: 'rules-reject',
        actorId: null,
        actorName: 'the rules',
        targetType: 'response',
        subjectId: reader.id,
        articleId: article.open,
        after: { status: 'rejected' },
      }),
    ]);
  });

  it('holds a response using a suspect word for review', async () => {
    await useSettings({ suspectWords: ['idiot'] });
    const reader = await makeReader();

    const { url, row } = await post(reader, 'Only an Idiot would say so.');

    expect(row).toMatchObject({ status: 'pending', heldFor: 'suspect-words', rejectionReason: null });
    expect(url).toBe(`/responses/${row.id}?posted=pending`);
    expect(await logOf(row.id)).toEqual([]);
  });

  it('rejects an edit of a published response that adds a banned word', async () => {
    await useSettings({ bannedWords: ['crétin'] });
    const reader = await makeReader();
    const id = await insertResponse({ authorId: reader.id, body: 'A fair point.' });
    signInAs(reader);

    const url = await redirectOf(editResponse(undefined, form({ responseId: id, body: 'A fair point, crétin.' })));

    expect(url).toBe(`/responses/${id}?posted=rejected`);
    expect(await responseRow(id)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'banned-words',
      body: 'A fair point, crétin.',
      featured: false,
    });
    expect(tagCalls()).toEqual([`responses:${article.open}`, 'response-counts']);
    expect(await logOf(id)).toEqual([expect.objectContaining({ action: 'rules-reject', actorName: 'the rules' })]);
  });

  it('never publishes a held response by an edit, keeping why it was held', async () => {
    await useSettings({ holdFirstResponses: 1 });
    const reader = await makeReader();
    const { row } = await post(reader, 'Held, as a first response.');
    expect(row).toMatchObject({ status: 'pending', heldFor: 'first-responses' });

    const url = await redirectOf(editResponse(undefined, form({ responseId: row.id, body: 'Held, and now edited.' })));

    expect(url).toBe(`/responses/${row.id}?posted=pending`);
    expect(await responseRow(row.id)).toMatchObject({ status: 'pending', heldFor: 'first-responses', body: 'Held, and now edited.' });
    expect(tagCalls()).not.toContain('response-counts');
  });

  it('refuses a banned reader, saying so and why, and stores nothing', async () => {
    const reader = await makeReader({ banned: true, sanctionReason: 'Spam' });
    signInAs(reader);
    const [{ value: logBefore }] = (await db().select({ value: count() }).from(moderationLog)) as [{ value: number }];

    const posted = await postResponse(undefined, form({ articleId: article.open, body: 'Let me back in.' }));
    const id = await insertResponse({ authorId: reader.id, body: 'Posted before the ban.' });
    const before = await responseRow(id);
    const edited = await editResponse(undefined, form({ responseId: id, body: 'Changed after the ban.' }));

    for (const state of [posted, edited]) {
      expect(state.status).toBe('error');
      expect(state.message).toContain('banned');
      expect(state.message).toContain('Spam');
    }
    expect(posted.values).toMatchObject({ body: 'Let me back in.' });
    expect(await responsesBy(reader.id)).toEqual([before]);
    expect(await db().select().from(responseDrafts).where(eq(responseDrafts.body, 'Let me back in.'))).toEqual([]);
    const [{ value: logAfter }] = (await db().select({ value: count() }).from(moderationLog)) as [{ value: number }];
    expect(logAfter).toBe(logBefore);
    expect(updateTag).not.toHaveBeenCalled();
  });

  it('refuses a suspended reader’s edit, naming the date the suspension ends', async () => {
    const until = new Date(Date.now() + 2 * DAY);
    const reader = await makeReader({ suspendedUntil: until });
    const id = await insertResponse({ authorId: reader.id, body: 'Before the suspension.' });
    const before = await responseRow(id);
    signInAs(reader);

    const state = await editResponse(undefined, form({ responseId: id, body: 'During it.' }));

    expect(state.status).toBe('error');
    expect(state.message).toContain(`suspended until ${formatDateTime(until)}`);
    expect(await responseRow(id)).toEqual(before);
  });
});

describe('deleteResponse', () => {
  it('removes one’s own response, marked as removed by its author', async () => {
    const reader = await makeReader();
    const id = await insertResponse({ authorId: reader.id, ago: 2 * DAY });
    signInAs(reader);

    const url = await redirectOf(deleteResponse(undefined, form({ responseId: id, confirm: 'yes' })));

    expect(url).toBe(`${ARTICLE_PATH}#responses`);
    expect(await responseRow(id)).toMatchObject({ status: 'removed', removedBy: 'author', authorId: reader.id });
    expect(tagCalls()).toEqual([`responses:${article.open}`, 'response-counts']);
  });

  it.each([
    ['without its confirmation', {}],
    ['with anything but “yes”', { confirm: 'on' }],
  ])('refuses %s, removing nothing', async (_how, fields: Record<string, string>) => {
    const reader = await makeReader();
    const id = await insertResponse({ authorId: reader.id, ago: 2 * DAY });
    const before = await responseRow(id);
    signInAs(reader);

    const state = await deleteResponse(undefined, form({ responseId: id, ...fields }));

    expect(state).toMatchObject({
      status: 'error',
      message: 'Please confirm: use “Delete it” on the page that asks whether to delete this response.',
    });
    expect(await responseRow(id)).toEqual(before);
    expect(tagCalls()).toEqual([]);
  });

  it('refuses to remove another reader’s response', async () => {
    const id = await insertResponse({ authorId: (await makeReader()).id });
    const before = await responseRow(id);
    signInAs(await makeReader());

    const state = await deleteResponse(undefined, form({ responseId: id, confirm: 'yes' }));

    expect(state).toMatchObject({ status: 'error', message: 'You can only delete your own responses.' });
    expect(await responseRow(id)).toEqual(before);
  });

  it('sends a signed-out reader to sign in, removing nothing', async () => {
    const id = await insertResponse({ authorId: (await makeReader()).id });
    const before = await responseRow(id);
    signInAs(null);

    const url = await redirectOf(deleteResponse(undefined, form({ responseId: id, confirm: 'yes' })));

    expect(url).toBe('/signin?callbackUrl=%2F');
    expect(await responseRow(id)).toEqual(before);
  });
});

describe('reply notifications', () => {
  const mailFiles = () => fs.readdirSync(mailDir).filter((name) => name.endsWith('.eml'));

  /** A header of a raw message, unfolded, with RFC 2047 encoded words decoded. */
  function header(eml: string, name: string): string | undefined {
    const head = eml.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    const line = head.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    if (line === undefined) return undefined;
    const binary = line
      .slice(name.length + 1)
      .trim()
      .replace(/=\?utf-8\?([qb])\?([^?]*)\?=(?:\s+(?==\?))?/gi, (_word, encoding: string, text: string) =>
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('latin1')
          : text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_hex, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      );
    return Buffer.from(binary, 'latin1').toString('utf8');
  }

  /** Runs the reply-notification jobs that are due, as a worker would, quietly (the outbox logs each message). */
  const runReplyJobs = () => runDueJobsQuietly(connection(), jobs.replyNotification);

  // The emails of replies posted by the tests before go first.
  beforeEach(async () => {
    await runReplyJobs();
  });

  /** Replies as `replier`, then runs the reply-notification jobs this queued. */
  async function replyAndRunJobs(replier: CurrentUser, replyToId: number) {
    signInAs(replier);
    await redirectOf(postResponse(undefined, form({ articleId: article.open, replyToId, body: 'I see it differently.' })));
    const outcomes = await runReplyJobs();
    expect(outcomes.filter((outcome) => outcome.error)).toEqual([]);
    return outcomes;
  }

  it('emails the answered author, naming the replier, with a way to unsubscribe', async () => {
    const answered = await makeReader({ notifyReplies: true });
    const first = await insertResponse({ authorId: answered.id });
    const replier = await makeReader({ displayName: 'Grace Replier' });
    const before = mailFiles();

    expect(await replyAndRunJobs(replier, first)).toHaveLength(1);

    const added = mailFiles().filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    const eml = fs.readFileSync(path.join(mailDir, added[0]!), 'utf8');
    expect(header(eml, 'To')).toBe(answered.email);
    expect(header(eml, 'Subject')).toBe(`Grace Replier replied to you on “${TITLE}”`);
    expect(header(eml, 'List-Unsubscribe')).toMatch(
      new RegExp(
        `^<http://localhost:3000/api/notifications/unsubscribe\\?purpose=replies&id=${answered.id}&token=[\\w-]+>, <mailto:unsubscribe@[^>]+>$`,
      ),
    );
    expect(header(eml, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const [reply] = await responsesBy(replier.id);
    expect(eml).toContain(`response-${reply!.id}`);
  });

  it('sends nothing to an author who turned reply emails off', async () => {
    const answered = await makeReader({ notifyReplies: false });
    const first = await insertResponse({ authorId: answered.id });
    const before = mailFiles();

    expect(await replyAndRunJobs(await makeReader(), first)).toEqual([]); // nobody to tell: no job

    expect(
      await db()
        .select()
        .from(responses)
        .where(and(eq(responses.replyToId, first), eq(responses.status, 'published'))),
    ).toHaveLength(1);
    expect(mailFiles()).toEqual(before);
  });

  it('sends nothing to a reader who replies to themself', async () => {
    const reader = await makeReader({ notifyReplies: true });
    const first = await insertResponse({ authorId: reader.id, ago: 2 * MINUTE });
    const before = mailFiles();

    expect(await replyAndRunJobs(reader, first)).toEqual([]);

    expect(await responsesBy(reader.id)).toHaveLength(2);
    expect(mailFiles()).toEqual(before);
  });
});
