import { eq } from 'drizzle-orm';
import { updateTag } from 'next/cache';
import { describe, expect, it, vi } from 'vitest';
import { appeals, reports } from '@/db/schema';
import { sanctionMessage, type CurrentUser } from '@/lib/auth/session';
import {
  form,
  insertArticle,
  insertEstablishedReader,
  insertPerson,
  insertReports,
  insertResponse,
  lastLogId,
  logSince,
  signInAs,
  responseRow,
  snapshot,
  useSettings,
} from '@/test/moderation';
import { responseInFreshArticle, withRealIssueForActions } from '@/test/real-issue';
import { redirectOf } from '@/test/redirect';
import { readQueue } from './queries';
import { appealRejection, reportResponse } from './reader-actions';

/** What readers do about moderation — report a response, appeal a rejection — against a real (fresh) database. */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

const { db, site } = withRealIssueForActions();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A response in a fresh article, by a reader of its own. */
const responseBy = (values: { status?: 'published' | 'pending' | 'rejected' | 'removed' } = {}) =>
  responseInFreshArticle(db(), site(), values);

const reportsOn = (responseId: number) => db().select().from(reports).where(eq(reports.responseId, responseId)).orderBy(reports.id);

/** Runs an action that should be refused, proving that it changed nothing; returns what the reader is told. */
async function refusedWithoutChange(promise: () => Promise<unknown>) {
  const before = await snapshot(db());
  const state = await promise();
  expect(state).toMatchObject({ status: 'error' });
  expect(await snapshot(db())).toEqual(before);
  expect(updateTag).not.toHaveBeenCalled();
  return state as { status: 'error'; message: string; fieldErrors?: Record<string, string> };
}

describe('reportResponse', () => {
  it('sends a signed-out reader to sign in, storing nothing', async () => {
    const { id } = await responseBy();
    signInAs(db(), null);
    const before = await snapshot(db());

    const url = await redirectOf(reportResponse(undefined, form({ responseId: id, reason: 'spam', returnTo: `/responses/${id}/report` })));

    expect(url).toBe(`/signin?callbackUrl=${encodeURIComponent(`/responses/${id}/report`)}`);
    expect(await snapshot(db())).toEqual(before);
  });

  it('stores a reader’s report and thanks them, leaving the response published below the threshold', async () => {
    const { id } = await responseBy();
    const reader = await insertPerson(db());
    signInAs(db(), reader);
    const logId = await lastLogId(db());

    const url = await redirectOf(reportResponse(undefined, form({ responseId: id, reason: 'abuse' })));

    expect(url).toBe(`/responses/${id}/report?sent=1`);
    expect(await reportsOn(id)).toEqual([
      expect.objectContaining({ reporterId: reader.id, reason: 'abuse', note: null, resolvedAt: null }),
    ]);
    expect(await responseRow(db(), id)).toMatchObject({ status: 'published', heldFor: null });
    expect(await logSince(db(), logId)).toEqual([]);
    expect(updateTag).not.toHaveBeenCalled();
  });

  it('refuses a report of one’s own response', async () => {
    const { id, author } = await responseBy();
    signInAs(db(), author);

    const state = await refusedWithoutChange(() => reportResponse(undefined, form({ responseId: id, reason: 'spam' })));

    expect(state.message).toBe('You cannot report your own response; you can edit or delete it instead.');
  });

  it('takes one report per reader', async () => {
    const { id } = await responseBy();
    const reader = await insertPerson(db());
    signInAs(db(), reader);
    await redirectOf(reportResponse(undefined, form({ responseId: id, reason: 'spam' })));

    const state = await refusedWithoutChange(() => reportResponse(undefined, form({ responseId: id, reason: 'abuse' })));

    expect(state.message).toBe('You have already reported this response; the moderators will look at it.');
    expect(await reportsOn(id)).toEqual([expect.objectContaining({ reporterId: reader.id, reason: 'spam' })]);
  });

  it('asks what is wrong when the reason is “something else”, and keeps the note given', async () => {
    const { id } = await responseBy();
    const reader = await insertPerson(db());
    signInAs(db(), reader);

    const state = await refusedWithoutChange(() => reportResponse(undefined, form({ responseId: id, reason: 'other', note: '  ' })));
    expect(state).toMatchObject({
      message: 'Please say what is wrong with it.',
      fieldErrors: { note: 'Please say what is wrong with it.' },
    });

    await redirectOf(reportResponse(undefined, form({ responseId: id, reason: 'other', note: '  It quotes a private email.  ' })));
    expect(await reportsOn(id)).toEqual([expect.objectContaining({ reason: 'other', note: 'It quotes a private email.' })]);
  });

  it.each([
    ['suspended', { suspendedUntil: new Date(Date.now() + 2 * DAY), sanctionReason: 'Rude.' }],
    ['banned', { banned: true, sanctionReason: 'Spam' }],
  ])('refuses a %s reader, saying why', async (_what, standing) => {
    const { id } = await responseBy();
    const reader = await insertPerson(db(), 'reader', standing);
    signInAs(db(), reader);

    const state = await refusedWithoutChange(() => reportResponse(undefined, form({ responseId: id, reason: 'spam' })));

    expect(state.message).toBe(sanctionMessage(reader));
    expect(state.message).toContain(standing.sanctionReason);
  });

  it.each(['pending', 'rejected', 'removed'] as const)('refuses a report of a %s response', async (status) => {
    const { id } = await responseBy({ status });
    signInAs(db(), await insertPerson(db()));

    const state = await refusedWithoutChange(() => reportResponse(undefined, form({ responseId: id, reason: 'spam' })));

    expect(state.message).toBe('This response is not there to report (it may have been removed already).');
  });

  it('hides a response for review once enough established readers report it, as the rules, and expires its article', async () => {
    await useSettings(db(), { reportThreshold: 3 });
    const { id, articleId, author } = await responseBy();
    const reporters = [];
    for (let index = 0; index < 3; index++) reporters.push(await insertEstablishedReader(db(), articleId));
    const logId = await lastLogId(db());

    for (const [index, reason] of (['spam', 'abuse'] as const).entries()) {
      signInAs(db(), reporters[index]!);
      await redirectOf(reportResponse(undefined, form({ responseId: id, reason })));
      expect(await responseRow(db(), id)).toMatchObject({ status: 'published', heldFor: null });
    }
    expect(updateTag).not.toHaveBeenCalled();
    expect(await logSince(db(), logId)).toEqual([]);

    signInAs(db(), reporters[2]!);
    await redirectOf(reportResponse(undefined, form({ responseId: id, reason: 'off-topic' })));

    expect(await responseRow(db(), id)).toMatchObject({ status: 'pending', heldFor: 'reports' });
    expect(await reportsOn(id)).toHaveLength(3);
    expect(vi.mocked(updateTag).mock.calls.map(([tag]) => tag)).toEqual([`responses:${articleId}`, 'response-counts']);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: null,
        actorName: 'the rules',
        action: 'reports-hide',
        targetType: 'response',
        targetId: String(id),
        subjectId: author.id,
        articleId,
        reason: '3 open reports from established readers (the threshold is 3).',
        before: { status: 'published' },
        after: { status: 'pending', heldFor: 'reports' },
      }),
    ]);
  });

  it('counts only open reports towards the threshold', async () => {
    await useSettings(db(), { reportThreshold: 2 });
    const { id, articleId } = await responseBy();
    const [resolved] = await insertReports(db(), id, [(await insertEstablishedReader(db(), articleId)).id]);
    await db().update(reports).set({ resolvedAt: new Date() }).where(eq(reports.reporterId, resolved!));
    signInAs(db(), await insertEstablishedReader(db(), articleId));

    await redirectOf(reportResponse(undefined, form({ responseId: id, reason: 'spam' })));

    expect(await responseRow(db(), id)).toMatchObject({ status: 'published' });
  });

  it('follows the threshold in the settings as they are now', async () => {
    await useSettings(db(), { reportThreshold: 1 });
    const { id, articleId } = await responseBy();
    signInAs(db(), await insertEstablishedReader(db(), articleId));

    await redirectOf(reportResponse(undefined, form({ responseId: id, reason: 'spam' })));

    expect(await responseRow(db(), id)).toMatchObject({ status: 'pending', heldFor: 'reports' });
  });
});

describe('reports that count toward hiding', () => {
  /** Reports the response as `reporter`, through the action. */
  async function reportAs(reporter: CurrentUser, responseId: number, reason: 'spam' | 'abuse') {
    signInAs(db(), reporter);
    expect(await redirectOf(reportResponse(undefined, form({ responseId, reason })))).toBe(`/responses/${responseId}/report?sent=1`);
  }

  async function reportedItem(articleId: number) {
    const { items } = await readQueue(await insertPerson(db(), 'moderator'), { tab: 'reported', articleId, cursor: null });
    return items;
  }

  it('leaves a response published under reports from new or never-published accounts, but shows them in the queue', async () => {
    await useSettings(db(), { reportThreshold: 3 });
    const { id, articleId } = await responseBy();
    const newButPublished = await insertPerson(db(), 'reader', { createdAt: new Date(Date.now() - 23 * HOUR) });
    await insertResponse(db(), { articleId, authorId: newButPublished.id, ago: 22 * HOUR });
    const neverPublished = await insertPerson(db());
    await insertResponse(db(), { articleId, authorId: neverPublished.id, status: 'rejected', ago: DAY });
    await insertResponse(db(), { articleId, authorId: neverPublished.id, status: 'pending', ago: DAY });
    const nothingAtAll = await insertPerson(db());
    const logId = await lastLogId(db());

    for (const reporter of [newButPublished, neverPublished, nothingAtAll]) await reportAs(reporter, id, 'spam');

    expect(await responseRow(db(), id)).toMatchObject({ status: 'published', heldFor: null });
    expect(await reportsOn(id)).toHaveLength(3);
    expect(await logSince(db(), logId)).toEqual([]);
    expect(updateTag).not.toHaveBeenCalled();
    expect(await reportedItem(articleId)).toEqual([
      expect.objectContaining({ id, status: 'published', reports: [{ reason: 'spam', count: 3, uncounted: 3, notes: [] }] }),
    ]);

    // Three established readers' reports hide it, whatever the others say.
    const established = [];
    for (let index = 0; index < 3; index++) established.push(await insertEstablishedReader(db(), articleId));
    for (const reporter of established.slice(0, 2)) await reportAs(reporter, id, 'abuse');
    expect(await responseRow(db(), id)).toMatchObject({ status: 'published' });
    await reportAs(established[2]!, id, 'abuse');

    expect(await responseRow(db(), id)).toMatchObject({ status: 'pending', heldFor: 'reports' });
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'reports-hide', reason: '3 open reports from established readers (the threshold is 3).' }),
    ]);
    const byReason = (await reportedItem(articleId))[0]!.reports.toSorted((a, b) => a.reason.localeCompare(b.reason));
    expect(byReason).toEqual([
      { reason: 'abuse', count: 3, uncounted: 0, notes: [] },
      { reason: 'spam', count: 3, uncounted: 3, notes: [] },
    ]);
  });

  it('judges a reporter as they were when they reported: a report made in an account’s first day never counts', async () => {
    await useSettings(db(), { reportThreshold: 1 });
    const { id, articleId } = await responseBy();
    // Two days old now, with a response published since its first hour; but it reported when it was 12 hours old.
    const reporter = await insertPerson(db(), 'reader', { createdAt: new Date(Date.now() - 2 * DAY) });
    await insertResponse(db(), { articleId, authorId: reporter.id, ago: 2 * DAY - HOUR });
    await db()
      .insert(reports)
      .values({ responseId: id, reporterId: reporter.id, reason: 'spam', createdAt: new Date(Date.now() - 1.5 * DAY) });
    // A reader who published only after reporting.
    const lateAuthor = await insertPerson(db());
    await insertResponse(db(), { articleId, authorId: lateAuthor.id, ago: HOUR });
    await db()
      .insert(reports)
      .values({ responseId: id, reporterId: lateAuthor.id, reason: 'spam', createdAt: new Date(Date.now() - 2 * HOUR) });

    await reportAs(await insertPerson(db()), id, 'abuse'); // one more that does not count

    expect(await responseRow(db(), id)).toMatchObject({ status: 'published' });
  });
});

describe('appealRejection', () => {
  it('stores an appeal against the rejection of one’s own response, and says so', async () => {
    const { id, author } = await responseBy({ status: 'rejected' });
    signInAs(db(), author);

    const url = await redirectOf(
      appealRejection(undefined, form({ responseId: id, note: '  It was on topic: see the third paragraph.  ' })),
    );

    expect(url).toBe(`/responses/${id}?appealed=1`);
    expect(await db().select().from(appeals).where(eq(appeals.responseId, id))).toEqual([
      expect.objectContaining({ note: 'It was on topic: see the third paragraph.', decidedAt: null, outcome: null }),
    ]);
    expect(await responseRow(db(), id)).toMatchObject({ status: 'rejected' });
  });

  it('refuses an appeal against someone else’s rejection', async () => {
    const { id } = await responseBy({ status: 'rejected' });
    signInAs(db(), await insertPerson(db()));

    const state = await refusedWithoutChange(() => appealRejection(undefined, form({ responseId: id, note: 'Publish it.' })));

    expect(state.message).toBe('You can only appeal the rejection of your own response.');
  });

  it.each(['published', 'pending', 'removed'] as const)('refuses an appeal for a %s response', async (status) => {
    const { id, author } = await responseBy({ status });
    signInAs(db(), author);

    const state = await refusedWithoutChange(() => appealRejection(undefined, form({ responseId: id, note: 'Why?' })));

    expect(state.message).toBe('This response is not rejected, so there is nothing to appeal.');
  });

  it('requires a note', async () => {
    const { id, author } = await responseBy({ status: 'rejected' });
    signInAs(db(), author);

    const state = await refusedWithoutChange(() => appealRejection(undefined, form({ responseId: id, note: '   ' })));

    expect(state.fieldErrors).toEqual({ note: 'Please say why it should be published.' });
  });

  it('takes one appeal per rejection', async () => {
    const { id, author } = await responseBy({ status: 'rejected' });
    signInAs(db(), author);
    await redirectOf(appealRejection(undefined, form({ responseId: id, note: 'First.' })));

    const state = await refusedWithoutChange(() => appealRejection(undefined, form({ responseId: id, note: 'Second.' })));

    expect(state.message).toBe('You have already appealed this rejection; a response can be appealed once.');
    expect(await db().select({ note: appeals.note }).from(appeals).where(eq(appeals.responseId, id))).toEqual([{ note: 'First.' }]);
  });

  it.each([
    ['suspended', { suspendedUntil: new Date(Date.now() + 2 * DAY), sanctionReason: 'Rude.' }],
    ['banned', { banned: true, sanctionReason: 'Spam' }],
  ])('is open to a %s reader', async (_what, standing) => {
    const author = await insertPerson(db(), 'reader', standing);
    const id = await insertResponse(db(), { articleId: await insertArticle(db(), site()), authorId: author.id, status: 'rejected' });
    signInAs(db(), author);

    const url = await redirectOf(appealRejection(undefined, form({ responseId: id, note: 'Please reconsider.' })));

    expect(url).toBe(`/responses/${id}?appealed=1`);
    expect(await db().select().from(appeals).where(eq(appeals.responseId, id))).toHaveLength(1);
  });

  it('sends a signed-out reader to sign in, storing nothing', async () => {
    const { id } = await responseBy({ status: 'rejected' });
    signInAs(db(), null);
    const before = await snapshot(db());

    const url = await redirectOf(appealRejection(undefined, form({ responseId: id, note: 'Hello.', returnTo: `/responses/${id}` })));

    expect(url).toBe(`/signin?callbackUrl=${encodeURIComponent(`/responses/${id}`)}`);
    expect(await snapshot(db())).toEqual(before);
  });
});
