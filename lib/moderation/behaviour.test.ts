import { and, count, eq, sql } from 'drizzle-orm';
import { updateTag } from 'next/cache';
import { describe, expect, it, vi } from 'vitest';
import { appeals, articles, moderationLog, moderationSettings, reports, responses, sessions, users } from '@/db/schema';
import { EMAIL_ERRORS } from '@/lib/accounts/email-address';
import { currentUser, sanctionMessage } from '@/lib/auth/session';
import { deleteResponse, postResponse } from '@/lib/responses/actions';
import {
  form,
  insertAppeal,
  insertArticle,
  insertPerson,
  insertReports,
  insertResponse,
  lastLogId,
  logSince,
  signInAs,
  responseRow,
  snapshot,
  userRow,
  useSettings,
} from '@/test/moderation';
import { withRealIssueForActions } from '@/test/real-issue';
import { redirectOf } from '@/test/redirect';
import { approveResponse, bulkDecide, decideAppeal, featureResponse, rejectResponse, sanctionReader, setArticleMode } from './actions';
import { saveSettings, setRole } from './admin-actions';
import { readPeople } from './queries';
import { DEFAULT_SETTINGS } from './settings';

/**
 * What the staff actions do, beyond who may call them (lib/auth/authorisation.test.ts): each against a real
 * (fresh, migrated) database, with only Next's request machinery replaced.
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

const { db, site } = withRealIssueForActions();

const DAY = 86_400_000;

/** A moderator, signed in. */
async function asModerator(role: 'moderator' | 'admin' = 'moderator') {
  const staff = await insertPerson(db(), role, { displayName: `The ${role}` });
  signInAs(db(), staff);
  return staff;
}

/** A fresh article and a reader who responds to it. */
async function articleWithReader(mode: 'open' | 'premoderated' = 'open') {
  return { articleId: await insertArticle(db(), site(), mode), reader: await insertPerson(db()) };
}

const tagCalls = () => vi.mocked(updateTag).mock.calls.map(([tag]) => tag);

/** Runs an action that should be refused, and proves it changed nothing in any table moderation touches. */
async function refusedWithoutChange(promise: () => Promise<unknown>) {
  const before = await snapshot(db());
  const state = await promise();
  expect(state).toMatchObject({ status: 'error' });
  expect(await snapshot(db())).toEqual(before);
  expect(updateTag).not.toHaveBeenCalled();
  return state as { status: 'error'; message: string; fieldErrors?: Record<string, string> };
}

describe('approveResponse', () => {
  it('publishes a held response, resolves its open reports, logs it and expires the article and the counts', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id });
    const [earlierReporter] = await insertReports(db(), id, 1);
    const resolvedEarlier = new Date(Date.now() - DAY);
    await db().update(reports).set({ resolvedAt: resolvedEarlier }).where(eq(reports.reporterId, earlierReporter!));
    await insertReports(db(), id, 3);
    await db().update(responses).set({ status: 'pending', heldFor: 'reports' }).where(eq(responses.id, id));
    const moderator = await asModerator();
    const logId = await lastLogId(db());

    const url = await redirectOf(approveResponse(undefined, form({ responseId: id, returnTo: '/moderation/queue', next: 77 })));

    expect(url).toBe('/moderation/queue?done=approved&focus=77#item-77');
    expect(await responseRow(db(), id)).toMatchObject({ status: 'published', heldFor: null });
    const rows = await db().select().from(reports).where(eq(reports.responseId, id)).orderBy(reports.id);
    expect(rows).toHaveLength(4);
    expect(rows[0]!.resolvedAt).toEqual(resolvedEarlier);
    for (const row of rows.slice(1)) expect(row.resolvedAt).toBeInstanceOf(Date);
    expect(tagCalls()).toEqual([`responses:${articleId}`, 'response-counts']);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator.id,
        actorName: 'The moderator',
        action: 'approve',
        targetType: 'response',
        targetId: String(id),
        subjectId: reader.id,
        articleId,
        before: { status: 'pending', heldFor: 'reports', openReports: 3 },
        after: { status: 'published' },
      }),
    ]);
  });

  it('clears the reports on a published response without expiring the counts', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id });
    await insertReports(db(), id, 2);
    await asModerator();

    await redirectOf(approveResponse(undefined, form({ responseId: id })));

    const [{ value: open } = { value: -1 }] = await db()
      .select({ value: count() })
      .from(reports)
      .where(and(eq(reports.responseId, id), sql`${reports.resolvedAt} is null`));
    expect(open).toBe(0);
    expect(tagCalls()).toEqual([`responses:${articleId}`]);
  });

  it('refuses a published response with nothing to decide', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id });
    await asModerator();

    const state = await refusedWithoutChange(() => approveResponse(undefined, form({ responseId: id })));

    expect(state.message).toBe(`Response ${id} is already published.`);
  });

  it('decides an open appeal in the author’s favour when approving a rejected response', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id, status: 'rejected' });
    const appealId = await insertAppeal(db(), id);
    await asModerator();

    await redirectOf(approveResponse(undefined, form({ responseId: id })));

    expect(await responseRow(db(), id)).toMatchObject({ status: 'published', rejectionReason: null, rejectionNote: null });
    expect(await db().select().from(appeals).where(eq(appeals.id, appealId))).toEqual([
      expect.objectContaining({ outcome: 'overturned', decidedAt: expect.any(Date) }),
    ]);
  });
});

describe('rejectResponse', () => {
  it('requires a reason', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending' });
    await asModerator();

    const state = await refusedWithoutChange(() => rejectResponse(undefined, form({ responseId: id, note: 'No reason chosen.' })));

    expect(state.fieldErrors).toEqual({ reason: 'Please choose a reason.' });
  });

  it('requires a note when the reason is “another reason”', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending' });
    await asModerator();

    const state = await refusedWithoutChange(() => rejectResponse(undefined, form({ responseId: id, reason: 'other', note: '   ' })));

    expect(state.message).toBe('Please say in the note why, as the reason is “another reason”.');
    expect(state.fieldErrors).toEqual({ note: state.message });
  });

  it('stores the reason and the note the author will read, stops featuring it, and logs both', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id, featured: true });
    const moderator = await asModerator();
    const logId = await lastLogId(db());

    await redirectOf(rejectResponse(undefined, form({ responseId: id, reason: 'other', note: '  Repeats an earlier response.  ' })));

    expect(await responseRow(db(), id)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'other',
      rejectionNote: 'Repeats an earlier response.',
      featured: false,
      heldFor: null,
    });
    expect(tagCalls()).toEqual([`responses:${articleId}`, 'response-counts']);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator.id,
        action: 'reject',
        reason: 'other: Repeats an earlier response.',
        before: { status: 'published' },
        after: { status: 'rejected' },
      }),
    ]);
  });

  it('refuses to reject a response already rejected, changing nothing', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id, status: 'rejected', rejectionReason: 'spam' });
    await asModerator();

    const state = await refusedWithoutChange(() => rejectResponse(undefined, form({ responseId: id, reason: 'abusive' })));

    expect(state.message).toBe(`Response ${id} was already rejected.`);
    expect(await responseRow(db(), id)).toMatchObject({ rejectionReason: 'spam' });
  });

  it('refuses a removed response', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id, status: 'removed' });
    await asModerator();

    const state = await refusedWithoutChange(() => rejectResponse(undefined, form({ responseId: id, reason: 'spam' })));

    expect(state.message).toBe(`Response ${id} was removed, so there is nothing to decide.`);
  });
});

describe('bulkDecide', () => {
  it('rejects every ticked response (each once), with one log entry each', async () => {
    const { articleId, reader } = await articleWithReader();
    const first = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending' });
    const second = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending' });
    await asModerator();
    const logId = await lastLogId(db());

    const url = await redirectOf(
      bulkDecide(undefined, form({ decision: 'reject', reason: 'spam', selected: [first, second, first], returnTo: '/moderation' })),
    );

    expect(url).toBe('/moderation?done=bulk-rejected#results');
    for (const id of [first, second]) expect(await responseRow(db(), id)).toMatchObject({ status: 'rejected', rejectionReason: 'spam' });
    const entries = await logSince(db(), logId);
    expect(entries.map((entry) => [entry.action, entry.targetId])).toEqual([
      ['reject', String(first)],
      ['reject', String(second)],
    ]);
  });

  it('is all or nothing: one response already rejected refuses the lot, naming it, and logs nothing', async () => {
    const { articleId, reader } = await articleWithReader();
    const pending = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending' });
    const rejected = await insertResponse(db(), { articleId, authorId: reader.id, status: 'rejected' });
    const published = await insertResponse(db(), { articleId, authorId: reader.id });
    await asModerator();

    const state = await refusedWithoutChange(() =>
      bulkDecide(undefined, form({ decision: 'reject', reason: 'spam', selected: [pending, rejected, published] })),
    );

    expect(state.message).toBe(`Response ${rejected} was already rejected. Nothing was changed.`);
    expect(await responseRow(db(), pending)).toMatchObject({ status: 'pending' });
    expect(await responseRow(db(), published)).toMatchObject({ status: 'published' });
  });

  it.each([
    ['nothing is ticked', { decision: 'approve' }, false, 'Please tick the responses to act on.'],
    ['a rejection has no reason', { decision: 'reject' }, true, 'Please choose a reason for rejecting.'],
    [
      '“another reason” has no note',
      { decision: 'reject', reason: 'other' },
      true,
      'Please say in the note why, as the reason is “another reason”.',
    ],
  ])('refuses when %s', async (_what, fields, ticked, message) => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending' });
    await asModerator();

    const state = await refusedWithoutChange(() => bulkDecide(undefined, form({ ...fields, selected: ticked ? [id] : [] })));

    expect(state.message).toBe(message);
  });
});

describe('featureResponse', () => {
  it('refuses to feature a response that is not published', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending' });
    await asModerator();

    const state = await refusedWithoutChange(() => featureResponse(undefined, form({ responseId: id, featured: 'yes' })));

    expect(state.message).toBe('Only a published response can be featured.');
  });

  it('features at most 10 responses on one article', async () => {
    const { articleId, reader } = await articleWithReader();
    const featured = [];
    for (let i = 0; i < 10; i += 1) featured.push(await insertResponse(db(), { articleId, authorId: reader.id, featured: true }));
    const eleventh = await insertResponse(db(), { articleId, authorId: reader.id });
    const elsewhere = await insertResponse(db(), { articleId: await insertArticle(db(), site()), authorId: reader.id });
    await asModerator();

    const state = await refusedWithoutChange(() => featureResponse(undefined, form({ responseId: eleventh, featured: 'yes' })));

    expect(state.message).toBe('At most 10 responses can be featured on one article; stop featuring one first.');
    // Another article has its own ten; and once one stops being featured here, there is room again.
    await redirectOf(featureResponse(undefined, form({ responseId: elsewhere, featured: 'yes' })));
    await redirectOf(featureResponse(undefined, form({ responseId: featured[0]!, featured: 'no' })));
    await redirectOf(featureResponse(undefined, form({ responseId: eleventh, featured: 'yes' })));
    expect(await responseRow(db(), eleventh)).toMatchObject({ featured: true });
    expect(await responseRow(db(), featured[0]!)).toMatchObject({ featured: false });
  });

  it('frees the place of a featured response its author deletes', async () => {
    const { articleId, reader } = await articleWithReader();
    const featured = [];
    for (let i = 0; i < 10; i += 1) featured.push(await insertResponse(db(), { articleId, authorId: reader.id, featured: true }));
    const next = await insertResponse(db(), { articleId, authorId: (await insertPerson(db())).id });
    signInAs(db(), reader);
    await redirectOf(deleteResponse(undefined, form({ responseId: featured[0]!, confirm: 'yes' })));
    expect(await responseRow(db(), featured[0]!)).toMatchObject({ status: 'removed', featured: false });

    await asModerator();
    await redirectOf(featureResponse(undefined, form({ responseId: next, featured: 'yes' })));

    expect(await responseRow(db(), next)).toMatchObject({ featured: true });
  });

  it('logs featuring and unfeaturing, before and after', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id });
    await asModerator();
    const logId = await lastLogId(db());

    await redirectOf(featureResponse(undefined, form({ responseId: id, featured: 'yes' })));
    expect(tagCalls()).toEqual([`responses:${articleId}`]);
    await redirectOf(featureResponse(undefined, form({ responseId: id, featured: 'no' })));

    expect((await logSince(db(), logId)).map(({ action, before, after }) => ({ action, before, after }))).toEqual([
      { action: 'feature', before: { featured: false }, after: { featured: true } },
      { action: 'unfeature', before: { featured: true }, after: { featured: false } },
    ]);
  });
});

describe('decideAppeal', () => {
  async function appealed() {
    const { articleId, reader } = await articleWithReader();
    const responseId = await insertResponse(db(), { articleId, authorId: reader.id, status: 'rejected', rejectionReason: 'off-topic' });
    return { articleId, responseId, appealId: await insertAppeal(db(), responseId) };
  }

  it('overturned: publishes the response, records the outcome, and a second decision is refused', async () => {
    const { articleId, responseId, appealId } = await appealed();
    await asModerator();
    const logId = await lastLogId(db());

    const url = await redirectOf(decideAppeal(undefined, form({ appealId, outcome: 'overturned', note: 'Fair enough.' })));

    expect(url).toBe('/moderation?done=appeal-overturned#results');
    expect(await responseRow(db(), responseId)).toMatchObject({ status: 'published', rejectionReason: null, rejectionNote: null });
    expect(await db().select().from(appeals).where(eq(appeals.id, appealId))).toEqual([
      expect.objectContaining({ outcome: 'overturned', decidedAt: expect.any(Date) }),
    ]);
    expect(tagCalls()).toEqual([`responses:${articleId}`, 'response-counts']);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        action: 'appeal-overturned',
        targetId: String(responseId),
        reason: 'Fair enough.',
        after: { status: 'published', appeal: 'overturned' },
      }),
    ]);

    vi.mocked(updateTag).mockClear();
    const again = await refusedWithoutChange(() => decideAppeal(undefined, form({ appealId, outcome: 'upheld' })));
    expect(again.message).toBe('This appeal was already decided.');
  });

  it('upheld: the response stays rejected, for the same reason', async () => {
    const { responseId, appealId } = await appealed();
    await asModerator();
    const logId = await lastLogId(db());

    await redirectOf(decideAppeal(undefined, form({ appealId, outcome: 'upheld' })));

    expect(await responseRow(db(), responseId)).toMatchObject({ status: 'rejected', rejectionReason: 'off-topic' });
    expect(await db().select().from(appeals).where(eq(appeals.id, appealId))).toEqual([
      expect.objectContaining({ outcome: 'upheld', decidedAt: expect.any(Date) }),
    ]);
    expect(updateTag).not.toHaveBeenCalled();
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'appeal-upheld', after: { status: 'rejected', appeal: 'upheld' } }),
    ]);

    const again = await refusedWithoutChange(() => decideAppeal(undefined, form({ appealId, outcome: 'overturned' })));
    expect(again.message).toBe('This appeal was already decided.');
  });
});

describe('sanctionReader', () => {
  it.each([
    [
      'a suspension without a period',
      { kind: 'suspend', reason: 'Rude.' },
      'Please choose for how long to suspend.',
      { days: 'Please choose a period.' },
    ],
    [
      'a suspension without a reason',
      { kind: 'suspend', days: 7 },
      'Please give a reason: the reader is told it.',
      { reason: 'Please give a reason.' },
    ],
    [
      'a ban without a reason',
      { kind: 'ban', reason: '   ' },
      'Please give a reason: the reader is told it.',
      { reason: 'Please give a reason.' },
    ],
  ])('refuses %s', async (_what, fields, message, fieldErrors) => {
    const reader = await insertPerson(db());
    await asModerator();

    const state = await refusedWithoutChange(() => sanctionReader(undefined, form({ userId: reader.id, ...fields })));

    expect(state).toMatchObject({ message, fieldErrors });
  });

  it('suspends a reader for the days chosen, with the reason they are told, and logs it', async () => {
    const reader = await insertPerson(db());
    const moderator = await asModerator();
    const logId = await lastLogId(db());

    const url = await redirectOf(
      sanctionReader(undefined, form({ userId: reader.id, kind: 'suspend', days: 7, reason: 'Personal attacks.' })),
    );

    expect(url).toBe('/moderation?done=suspended#results');
    const row = await userRow(db(), reader.id);
    expect(row).toMatchObject({ banned: false, sanctionReason: 'Personal attacks.' });
    expect(Math.abs(row.suspendedUntil!.getTime() - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator.id,
        action: 'suspend',
        targetType: 'user',
        targetId: reader.id,
        subjectId: reader.id,
        reason: 'Personal attacks.',
        before: { banned: false, suspendedUntil: null },
        after: { banned: false, suspendedUntil: row.suspendedUntil!.toISOString() },
      }),
    ]);
  });

  it('bans a reader and, when asked, removes their published responses (and only those) as staff', async () => {
    const reader = await insertPerson(db());
    const one = await insertArticle(db(), site());
    const two = await insertArticle(db(), site());
    const published = [
      await insertResponse(db(), { articleId: one, authorId: reader.id, featured: true }),
      await insertResponse(db(), { articleId: two, authorId: reader.id }),
    ];
    const pending = await insertResponse(db(), { articleId: one, authorId: reader.id, status: 'pending' });
    const rejected = await insertResponse(db(), { articleId: one, authorId: reader.id, status: 'rejected' });
    const someoneElse = await insertResponse(db(), { articleId: one, authorId: (await insertPerson(db())).id });
    await asModerator();
    const logId = await lastLogId(db());

    await redirectOf(sanctionReader(undefined, form({ userId: reader.id, kind: 'ban', reason: 'Spam', hideResponses: 'on' })));

    expect(await userRow(db(), reader.id)).toMatchObject({ banned: true, suspendedUntil: null, sanctionReason: 'Spam' });
    for (const id of published)
      expect(await responseRow(db(), id)).toMatchObject({ status: 'removed', removedBy: 'staff', featured: false });
    expect(await responseRow(db(), pending)).toMatchObject({ status: 'pending', removedBy: null });
    expect(await responseRow(db(), rejected)).toMatchObject({ status: 'rejected', removedBy: null });
    expect(await responseRow(db(), someoneElse)).toMatchObject({ status: 'published' });
    expect(tagCalls().sort()).toEqual([`responses:${one}`, `responses:${two}`, 'response-counts'].sort());
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'ban', after: { banned: true, suspendedUntil: null, responsesRemoved: 2 } }),
    ]);
  });

  it('leaves the responses of a banned reader alone unless asked', async () => {
    const { articleId, reader } = await articleWithReader();
    const id = await insertResponse(db(), { articleId, authorId: reader.id });
    await asModerator();

    await redirectOf(sanctionReader(undefined, form({ userId: reader.id, kind: 'ban', reason: 'Spam' })));

    expect(await responseRow(db(), id)).toMatchObject({ status: 'published' });
    expect(updateTag).not.toHaveBeenCalled();
  });

  it.each(['moderator', 'editor', 'admin'] as const)('refuses to sanction staff (a %s)', async (role) => {
    const staff = await insertPerson(db(), role);
    await asModerator();

    const state = await refusedWithoutChange(() => sanctionReader(undefined, form({ userId: staff.id, kind: 'ban', reason: 'No.' })));

    expect(state.message).toBe('Staff cannot be suspended or banned; an admin can make them a reader first.');
  });

  it('lifts a ban, clearing the reason, and refuses to lift what is not there', async () => {
    const reader = await insertPerson(db(), 'reader', { banned: true, sanctionReason: 'Spam' });
    await asModerator();

    const url = await redirectOf(sanctionReader(undefined, form({ userId: reader.id, kind: 'lift' })));

    expect(url).toBe('/moderation?done=lifted#results');
    expect(await userRow(db(), reader.id)).toMatchObject({ banned: false, suspendedUntil: null, sanctionReason: null });
    vi.mocked(updateTag).mockClear();
    const again = await refusedWithoutChange(() => sanctionReader(undefined, form({ userId: reader.id, kind: 'lift' })));
    expect(again.message).toBe('This reader is neither suspended nor banned.');
  });

  it('lifts a suspension', async () => {
    const reader = await insertPerson(db(), 'reader', { suspendedUntil: new Date(Date.now() + DAY), sanctionReason: 'Rude.' });
    await asModerator();

    await redirectOf(sanctionReader(undefined, form({ userId: reader.id, kind: 'lift' })));

    expect(await userRow(db(), reader.id)).toMatchObject({ banned: false, suspendedUntil: null, sanctionReason: null });
  });

  it('keeps a banned reader signed in, but refuses what they post, saying why', async () => {
    const { articleId, reader } = await articleWithReader();
    await useSettings(db(), { holdFirstResponses: 0 });
    await db()
      .insert(sessions)
      .values({ sessionToken: `token-${reader.id}`, userId: reader.id, expires: new Date(Date.now() + 30 * DAY) });
    signInAs(db(), reader);
    await redirectOf(postResponse(undefined, form({ articleId, body: 'Before the ban.' })));

    await asModerator();
    await redirectOf(sanctionReader(undefined, form({ userId: reader.id, kind: 'ban', reason: 'Spam' })));

    signInAs(db(), reader);
    const session = await currentUser();
    expect(session).toMatchObject({ id: reader.id, banned: true, sanctionReason: 'Spam' });
    expect(await db().select().from(sessions).where(eq(sessions.userId, reader.id))).toHaveLength(1);
    const before = await snapshot(db());
    const state = await postResponse(undefined, form({ articleId, body: 'After the ban.' }));
    expect(state).toMatchObject({ status: 'error', message: sanctionMessage(session!) });
    expect(state.message).toContain('banned');
    expect(state.message).toContain('Spam');
    expect(await snapshot(db())).toEqual(before);
  });
});

describe('setArticleMode', () => {
  it('changes how an article takes responses, logging before and after, and refuses a non-change', async () => {
    const articleId = await insertArticle(db(), site(), 'open');
    const moderator = await asModerator();
    const logId = await lastLogId(db());

    const url = await redirectOf(setArticleMode(undefined, form({ articleId, mode: 'premoderated', returnTo: '/moderation/articles' })));

    expect(url).toBe('/moderation/articles?done=mode#results');
    const [row] = await db().select({ mode: articles.responsesMode }).from(articles).where(eq(articles.id, articleId));
    expect(row!.mode).toBe('premoderated');
    expect(tagCalls()).toEqual([`article:${articleId}`, 'sitemap']);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator.id,
        action: 'article-mode',
        targetType: 'article',
        targetId: String(articleId),
        articleId,
        before: { mode: 'open' },
        after: { mode: 'premoderated' },
      }),
    ]);

    vi.mocked(updateTag).mockClear();
    const again = await refusedWithoutChange(() => setArticleMode(undefined, form({ articleId, mode: 'premoderated' })));
    expect(again.message).toBe('Responses to this article are already premoderated.');
  });
});

describe('saveSettings', () => {
  const settingsForm = (fields: Record<string, string | number> = {}) =>
    form({
      defaultResponsesMode: DEFAULT_SETTINGS.defaultResponsesMode,
      holdFirstResponses: DEFAULT_SETTINGS.holdFirstResponses,
      bannedWords: '',
      suspectWords: '',
      maxLinks: DEFAULT_SETTINGS.maxLinks,
      reportThreshold: DEFAULT_SETTINGS.reportThreshold,
      ...fields,
    });

  it('reads the lists one per line or comma-separated, dropping blanks and repeats, and logs only what changed', async () => {
    const admin = await asModerator('admin');
    const logId = await lastLogId(db());

    const url = await redirectOf(
      saveSettings(
        undefined,
        settingsForm({ bannedWords: 'crétin\r\n  Idiot, idiot\n\n  buy   now  ,', suspectWords: 'cheap,free', maxLinks: 4 }),
      ),
    );

    expect(url).toBe('/admin/settings?done=settings#results');
    expect(await db().select().from(moderationSettings)).toEqual([
      expect.objectContaining({
        bannedWords: ['crétin', 'Idiot', 'buy now'],
        suspectWords: ['cheap', 'free'],
        maxLinks: 4,
        holdFirstResponses: 1,
      }),
    ]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        action: 'settings',
        targetType: 'settings',
        before: { bannedWords: [], suspectWords: [], maxLinks: 2 },
        after: { bannedWords: ['crétin', 'Idiot', 'buy now'], suspectWords: ['cheap', 'free'], maxLinks: 4 },
      }),
    ]);
  });

  it('refuses an entry over 100 characters, saying so, and stores nothing', async () => {
    await asModerator('admin');

    const state = await refusedWithoutChange(() =>
      saveSettings(undefined, settingsForm({ bannedWords: `fine\n${'x'.repeat(101)}`, maxLinks: 5 })),
    );

    expect(state.fieldErrors).toEqual({ bannedWords: 'Banned words: each entry can be at most 100 characters.' });
  });

  it('accepts an entry of exactly 100 characters', async () => {
    await asModerator('admin');

    await redirectOf(saveSettings(undefined, settingsForm({ suspectWords: 'y'.repeat(100) })));

    expect(await db().select({ suspectWords: moderationSettings.suspectWords }).from(moderationSettings)).toEqual([
      { suspectWords: ['y'.repeat(100)] },
    ]);
  });

  it.each([
    ['a threshold of 0', { reportThreshold: 0 }, { reportThreshold: 'Reports that hide a response: at least 1.' }],
    ['more than 100 links', { maxLinks: 101 }, { maxLinks: 'Links allowed: at most 100.' }],
    ['an unknown mode', { defaultResponsesMode: 'sometimes' }, { defaultResponsesMode: 'Please choose how new articles take responses.' }],
    ['an emptied number (not read as 0)', { maxLinks: ' ' }, { maxLinks: 'Links allowed: please enter a whole number.' }],
    ['a fraction', { holdFirstResponses: '1.5' }, { holdFirstResponses: 'Responses held from a new reader: please enter a whole number.' }],
  ])('refuses %s', async (_what, fields, fieldErrors) => {
    await asModerator('admin');

    const state = await refusedWithoutChange(() => saveSettings(undefined, settingsForm(fields)));

    expect(state.fieldErrors).toEqual(fieldErrors);
  });

  it('refuses a save that changes nothing, and logs nothing', async () => {
    await asModerator('admin');

    const state = await refusedWithoutChange(() => saveSettings(undefined, settingsForm()));

    expect(state.message).toBe('Nothing to save: the settings are as they were.');
  });
});

describe('setRole', () => {
  it('refuses to change one’s own role', async () => {
    const admin = await asModerator('admin');

    const state = await refusedWithoutChange(() => setRole(undefined, form({ email: admin.email, role: 'reader' })));

    expect(state.message).toBe('You cannot change your own role; ask another admin.');
    expect(await userRow(db(), admin.id)).toMatchObject({ role: 'admin' });
  });

  it('creates the account, with the role, for an address nobody has yet', async () => {
    const admin = await asModerator('admin');
    const logId = await lastLogId(db());

    const url = await redirectOf(setRole(undefined, form({ email: '  New.Editor@Example.ORG ', role: 'editor' })));

    expect(url).toBe('/admin/people?done=role#results');
    const created = await db().select().from(users).where(eq(users.email, 'new.editor@example.org'));
    expect(created).toEqual([expect.objectContaining({ role: 'editor', displayName: null })]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        action: 'role',
        targetId: created[0]!.id,
        before: { role: null },
        after: { role: 'editor' },
      }),
    ]);
  });

  it('changes an existing reader’s role and expires the articles they responded to (the staff badge)', async () => {
    const { articleId, reader } = await articleWithReader();
    await insertResponse(db(), { articleId, authorId: reader.id });
    await asModerator('admin');

    await redirectOf(setRole(undefined, form({ email: reader.email.toUpperCase(), role: 'moderator' })));

    expect(await userRow(db(), reader.id)).toMatchObject({ role: 'moderator' });
    expect(tagCalls()).toEqual([`responses:${articleId}`]);
  });

  it.each([
    ['not an address', 'not-an-address', EMAIL_ERRORS.noAt],
    ['an address with a space', 'a b@example.org', EMAIL_ERRORS.space],
    ['a look-alike of an address (Cyrillic а)', '\u0430dmin@example.org', EMAIL_ERRORS.mixedScripts],
  ])('refuses %s', async (_what, email, message) => {
    await asModerator('admin');

    const state = await refusedWithoutChange(() => setRole(undefined, form({ email, role: 'moderator' })));

    expect(state).toMatchObject({ message, fieldErrors: { email: message } });
  });

  it('refuses to make someone what they already are', async () => {
    const moderator = await insertPerson(db(), 'moderator');
    await asModerator('admin');

    const state = await refusedWithoutChange(() => setRole(undefined, form({ email: moderator.email, role: 'moderator' })));

    expect(state.message).toBe(`${moderator.email} is already a moderator.`);
  });

  it('names the address as stored when it refuses a change that changes nothing', async () => {
    await insertPerson(db(), 'moderator', { email: 'mod@xn--bcher-kva.example' });
    await asModerator('admin');

    const state = await refusedWithoutChange(() => setRole(undefined, form({ email: 'MOD@bücher.example', role: 'moderator' })));

    expect(state.message).toBe('mod@xn--bcher-kva.example is already a moderator.');
  });
});

describe('finding people', () => {
  it('finds an address with an IDN domain by its Unicode form, and by fullwidth text', async () => {
    const admin = await asModerator('admin');
    const reader = await insertPerson(db(), 'reader', { email: 'finder@xn--bcher-kva.example' });
    const found = async (query: string) => (await readPeople(admin, query, null)).found.map((person) => person.id);

    expect(await found('Bücher.example')).toEqual([reader.id]);
    expect(await found('finder@bücher')).toEqual([reader.id]);
    expect(await found('ｆｉｎｄｅｒ')).toEqual([reader.id]);
    expect(await found('xn--bcher')).toEqual([reader.id]);
  });
});

describe('the moderation log', () => {
  /** What the database says when a statement fails (drizzle may wrap it, keeping the driver's error as the cause). */
  async function failureOf(statement: Promise<unknown>): Promise<string> {
    const error = await statement.then(
      () => null,
      (thrown: unknown) => thrown as Error & { cause?: Error },
    );
    expect(error).not.toBeNull();
    return `${error!.message} ${error!.cause?.message ?? ''}`;
  }

  it('refuses UPDATE and DELETE in the database itself', async () => {
    const { articleId, reader } = await articleWithReader();
    await asModerator();
    await redirectOf(
      featureResponse(undefined, form({ responseId: await insertResponse(db(), { articleId, authorId: reader.id }), featured: 'yes' })),
    );
    const before = await db().select().from(moderationLog).orderBy(moderationLog.id);
    expect(before.length).toBeGreaterThan(0);

    expect(await failureOf(db().execute(sql`update moderation_log set reason = 'x'`))).toMatch(/append-only/);
    expect(await failureOf(db().execute(sql`delete from moderation_log`))).toMatch(/append-only/);
    expect(await failureOf(db().update(moderationLog).set({ actorName: 'someone else' }))).toMatch(/append-only/);

    expect(await db().select().from(moderationLog).orderBy(moderationLog.id)).toEqual(before);
  });

  it('keeps a former moderator’s entries when their account is deleted, under the name they had', async () => {
    const { articleId, reader } = await articleWithReader();
    const moderator = await asModerator();
    const id = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending' });
    const logId = await lastLogId(db());
    await redirectOf(approveResponse(undefined, form({ responseId: id })));

    await db().delete(users).where(eq(users.id, moderator.id));

    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ actorId: null, actorName: 'The moderator', action: 'approve', targetId: String(id) }),
    ]);
  });
});
