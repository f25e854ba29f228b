import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { appeals, reports } from '@/db/schema';
import { actorOf, COMMAND_LINE } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { insertAppeal, insertPerson, insertReports, lastLogId, logSince, responseRow } from '@/test/moderation';
import { responseInFreshArticle, withRealIssue } from '@/test/real-issue';
import { refusedUnchanged } from '@/test/refused';
import { decideResponses, type Verdict } from './decisions';

/** Approving and rejecting responses as a command — no form, no request — against a real (fresh, migrated) database. */

vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

const { db, site, moderator } = withRealIssue({ moderator: { displayName: 'Mo Derator' } });

const APPROVE: Verdict = { kind: 'approve' };
const decide = (responseIds: number[], verdict: Verdict, actor = moderator()) => run(decideResponses, actor, { responseIds, verdict });

/** A fresh article and a response to it in the state given. */
const aResponse = (values: Parameters<typeof responseInFreshArticle>[2] = {}, articleId?: number) =>
  responseInFreshArticle(db(), site(), values, articleId);

const openReports = async (responseId: number) =>
  (await db().select().from(reports).where(eq(reports.responseId, responseId))).filter((report) => report.resolvedAt === null);

describe('approving', () => {
  it('publishes a held response, resolves its open reports, logs it as the moderator, and expires the article and the counts', async () => {
    const { id, articleId, author } = await aResponse({ status: 'pending', heldFor: 'reports' });
    await insertReports(db(), id, 2);
    const logId = await lastLogId(db());

    const { tags } = await decide([id], APPROVE);

    expect(await responseRow(db(), id)).toMatchObject({ status: 'published', heldFor: null });
    expect(await openReports(id)).toEqual([]);
    expect(tags).toEqual(['response-counts', `responses:${articleId}`]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator().id,
        actorName: 'Mo Derator',
        action: 'approve',
        targetType: 'response',
        targetId: String(id),
        subjectId: author.id,
        articleId,
        reason: null,
        before: { status: 'pending', heldFor: 'reports', openReports: 2 },
        after: { status: 'published' },
      }),
    ]);
  });

  it('clears the reports on a published response, expiring its article but not the counts', async () => {
    const { id, articleId } = await aResponse();
    await insertReports(db(), id, 1);

    const { tags } = await decide([id], APPROVE);

    expect(await openReports(id)).toEqual([]);
    expect(tags).toEqual([`responses:${articleId}`]);
  });

  it('overturns the open appeal of a rejected response it publishes', async () => {
    const { id } = await aResponse({ status: 'rejected' });
    const appealId = await insertAppeal(db(), id);

    await decide([id], APPROVE);

    expect(await responseRow(db(), id)).toMatchObject({ status: 'published', rejectionReason: null, rejectionNote: null });
    expect(await db().select().from(appeals).where(eq(appeals.id, appealId))).toEqual([
      expect.objectContaining({ outcome: 'overturned', decidedAt: expect.any(Date) }),
    ]);
  });

  it('is what a script runs too, logged as the command line', async () => {
    const { id } = await aResponse({ status: 'pending' });
    const logId = await lastLogId(db());

    await decide([id], APPROVE, COMMAND_LINE);

    expect(await logSince(db(), logId)).toEqual([expect.objectContaining({ actorId: null, actorName: 'command line', action: 'approve' })]);
  });
});

describe('rejecting', () => {
  it('stores the reason and the note the author reads, stops featuring it, and logs both', async () => {
    const { id, articleId } = await aResponse({ featured: true });
    await insertReports(db(), id, 1);
    const logId = await lastLogId(db());

    const { tags } = await decide([id], { kind: 'reject', reason: 'other', note: 'Repeats an earlier response.' });

    expect(await responseRow(db(), id)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'other',
      rejectionNote: 'Repeats an earlier response.',
      featured: false,
      heldFor: null,
    });
    expect(await openReports(id)).toEqual([]);
    expect(tags).toEqual(['response-counts', `responses:${articleId}`]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator().id,
        action: 'reject',
        reason: 'other: Repeats an earlier response.',
        before: { status: 'published', openReports: 1 },
        after: { status: 'rejected' },
      }),
    ]);
  });

  it('rejects a held response without a note when the reason says it, expiring only the article', async () => {
    const { id, articleId } = await aResponse({ status: 'pending' });

    const { tags } = await decide([id], { kind: 'reject', reason: 'spam', note: '' });

    expect(await responseRow(db(), id)).toMatchObject({ status: 'rejected', rejectionReason: 'spam', rejectionNote: null });
    expect(tags).toEqual([`responses:${articleId}`]);
  });

  it('refuses “another reason” without a note, beside the note', async () => {
    const { id } = await aResponse({ status: 'pending' });

    expect(await refusedUnchanged(db(), () => decide([id], { kind: 'reject', reason: 'other', note: '  ' }))).toEqual({
      code: 'invalid',
      message: 'Please say in the note why, as the reason is “another reason”.',
      field: 'note',
    });
  });
});

describe('refusals of one response', () => {
  it.each([
    ['approve', 'a published response with nothing to decide', {}, APPROVE, 'conflict', 'is already published.'],
    [
      'reject',
      'a rejected response',
      { status: 'rejected' },
      { kind: 'reject', reason: 'spam', note: '' },
      'conflict',
      'was already rejected.',
    ],
    ['approve', 'a removed response', { status: 'removed' }, APPROVE, 'conflict', 'was removed, so there is nothing to decide.'],
    [
      'reject',
      'a removed response',
      { status: 'removed' },
      { kind: 'reject', reason: 'spam', note: '' },
      'conflict',
      'was removed, so there is nothing to decide.',
    ],
  ] as const)('refuses to %s %s, changing nothing', async (_verb, _what, state, verdict, code, ending) => {
    const { id } = await aResponse(state);

    expect(await refusedUnchanged(db(), () => decide([id], verdict))).toEqual({ code, message: `Response ${id} ${ending}` });
  });

  it('refuses a response that does not exist', async () => {
    expect(await refusedUnchanged(db(), () => decide([2_000_000_000], APPROVE))).toEqual({
      code: 'not-found',
      message: 'Response 2000000000 does not exist.',
    });
  });

  it.each(['reader', 'editor'] as const)('is refused to a %s, who does not moderate', async (role) => {
    const { id } = await aResponse({ status: 'pending' });
    const actor = actorOf(await insertPerson(db(), role));

    expect(await refusedUnchanged(db(), () => decide([id], APPROVE, actor))).toEqual({
      code: 'not-allowed',
      message: 'You are not allowed to do that.',
    });
  });
});

describe('a batch', () => {
  it('decides each response once, with one log entry each, expiring every article it touched', async () => {
    const first = await aResponse({ status: 'pending' });
    const second = await aResponse({ status: 'pending' });
    const logId = await lastLogId(db());

    const { tags } = await decide([first.id, second.id, first.id], APPROVE);

    for (const { id } of [first, second]) expect(await responseRow(db(), id)).toMatchObject({ status: 'published' });
    expect((await logSince(db(), logId)).map((entry) => [entry.action, entry.targetId])).toEqual([
      ['approve', String(first.id)],
      ['approve', String(second.id)],
    ]);
    expect(tags).toEqual(['response-counts', `responses:${first.articleId}`, `responses:${second.articleId}`].sort());
  });

  it('is all or nothing: a refusal after the first decision rolls it back, and says that nothing was changed', async () => {
    const pending = await aResponse({ status: 'pending' });
    const rejected = await aResponse({ status: 'rejected' }, pending.articleId);
    const verdict: Verdict = { kind: 'reject', reason: 'spam', note: '' };

    expect(await refusedUnchanged(db(), () => decide([pending.id, rejected.id], verdict))).toEqual({
      code: 'conflict',
      message: `Response ${rejected.id} was already rejected. Nothing was changed.`,
    });
    expect(await responseRow(db(), pending.id)).toMatchObject({ status: 'pending' });
  });

  it('refuses a batch’s missing note as it does one response’s: beside the note', async () => {
    const ids = [(await aResponse({ status: 'pending' })).id, (await aResponse({ status: 'pending' })).id];

    expect(await refusedUnchanged(db(), () => decide(ids, { kind: 'reject', reason: 'other', note: '' }))).toEqual({
      code: 'invalid',
      message: 'Please say in the note why, as the reason is “another reason”.',
      field: 'note',
    });
  });
});
