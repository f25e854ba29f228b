import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { reports } from '@/db/schema';
import { actorOf, COMMAND_LINE } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { insertEstablishedReader, insertPerson, lastLogId, logSince, responseRow, useSettings } from '@/test/moderation';
import { responseInFreshArticle, withRealIssue } from '@/test/real-issue';
import { refusedUnchanged } from '@/test/refused';
import { fileReport } from './reports';

/** A reader's report as a command, and the rules hiding a response after enough of them, against a real (fresh) database. */

vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

const { db, site } = withRealIssue();

beforeEach(async () => {
  await useSettings(db());
});

/** A response in a fresh article, by a reader of its own (published unless told). */
async function aResponse(status: 'published' | 'pending' | 'rejected' | 'removed' = 'published') {
  const { id, articleId, author } = await responseInFreshArticle(db(), site(), { status });
  return { id, articleId, author: actorOf(author) };
}

const reportsOn = (responseId: number) => db().select().from(reports).where(eq(reports.responseId, responseId)).orderBy(reports.id);

describe('fileReport', () => {
  it('stores the report for the queue; below the threshold nothing readers see changes: no log entry, no tag', async () => {
    const { id } = await aResponse();
    const reader = actorOf(await insertEstablishedReader(db(), site().articleId));
    const logId = await lastLogId(db());

    const { tags } = await run(fileReport, reader, { responseId: id, reason: 'other', note: 'It quotes a private email.' });

    expect(await reportsOn(id)).toEqual([
      expect.objectContaining({ reporterId: reader.id, reason: 'other', note: 'It quotes a private email.', resolvedAt: null }),
    ]);
    expect(await responseRow(db(), id)).toMatchObject({ status: 'published', heldFor: null });
    expect(tags).toEqual([]);
    expect(await logSince(db(), logId)).toEqual([]);
  });

  it('hides the response for review at the threshold, logged as the rules, expiring its article and the counts', async () => {
    await useSettings(db(), { reportThreshold: 2 });
    const { id, articleId, author } = await aResponse();
    const [first, second] = [await insertEstablishedReader(db(), articleId), await insertEstablishedReader(db(), articleId)];
    await run(fileReport, actorOf(first), { responseId: id, reason: 'spam', note: '' });
    const logId = await lastLogId(db());

    const { tags } = await run(fileReport, actorOf(second), { responseId: id, reason: 'abuse', note: '' });

    expect(await responseRow(db(), id)).toMatchObject({ status: 'pending', heldFor: 'reports' });
    expect(tags).toEqual(['response-counts', `responses:${articleId}`]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: null,
        actorName: 'the rules',
        action: 'reports-hide',
        targetType: 'response',
        targetId: String(id),
        subjectId: author.id,
        articleId,
        reason: '2 open reports from established readers (the threshold is 2).',
        before: { status: 'published' },
        after: { status: 'pending', heldFor: 'reports' },
      }),
    ]);
  });

  it('takes one report per reader', async () => {
    const { id } = await aResponse();
    const reader = actorOf(await insertPerson(db()));
    await run(fileReport, reader, { responseId: id, reason: 'spam', note: '' });

    expect(await refusedUnchanged(db(), () => run(fileReport, reader, { responseId: id, reason: 'abuse', note: '' }))).toEqual({
      code: 'conflict',
      message: 'You have already reported this response; the moderators will look at it.',
    });
  });

  it('refuses a report of one’s own response', async () => {
    const { id, author } = await aResponse();

    expect(await refusedUnchanged(db(), () => run(fileReport, author, { responseId: id, reason: 'spam', note: '' }))).toEqual({
      code: 'not-allowed',
      message: 'You cannot report your own response; you can edit or delete it instead.',
    });
  });

  it('refuses a report by no one (a script): a report is a reader’s', async () => {
    const { id } = await aResponse();

    expect(await refusedUnchanged(db(), () => run(fileReport, COMMAND_LINE, { responseId: id, reason: 'spam', note: '' }))).toEqual({
      code: 'not-allowed',
      message: 'Only a signed-in reader can report a response.',
    });
  });

  it('asks what is wrong when the reason is “something else”, beside the note', async () => {
    const { id } = await aResponse();
    const reader = actorOf(await insertPerson(db()));

    expect(await refusedUnchanged(db(), () => run(fileReport, reader, { responseId: id, reason: 'other', note: ' ' }))).toEqual({
      code: 'invalid',
      message: 'Please say what is wrong with it.',
      field: 'note',
    });
  });

  it.each(['pending', 'rejected', 'removed'] as const)('refuses a report of a %s response', async (status) => {
    const { id } = await aResponse(status);
    const reader = actorOf(await insertPerson(db()));

    expect(await refusedUnchanged(db(), () => run(fileReport, reader, { responseId: id, reason: 'spam', note: '' }))).toEqual({
      code: 'not-found',
      message: 'This response is not there to report (it may have been removed already).',
    });
  });
});
