import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { appeals, responses } from '@/db/schema';
import { actorOf, COMMAND_LINE } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { insertAppeal, insertPerson, lastLogId, logSince, responseRow } from '@/test/moderation';
import { responseInFreshArticle, withRealIssue } from '@/test/real-issue';
import { refusedUnchanged } from '@/test/refused';
import { lodgeAppeal, ruleOnAppeal } from './appeals';

/** Appeals as commands — the author's, then the moderator's ruling — against a real (fresh, migrated) database. */

vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

const { db, site, moderator } = withRealIssue({ moderator: {} });

/** A response by a reader of its own, in a fresh article, rejected unless told otherwise. */
async function aResponse(status: 'published' | 'pending' | 'rejected' | 'removed' = 'rejected') {
  const { id, articleId, author } = await responseInFreshArticle(db(), site(), {
    status,
    rejectionReason: status === 'rejected' ? 'off-topic' : null,
  });
  return { id, articleId, author: actorOf(author) };
}

const appealsOf = (responseId: number) => db().select().from(appeals).where(eq(appeals.responseId, responseId));

describe('lodgeAppeal', () => {
  it('stores the author’s appeal, open, and changes nothing anyone reads: no log entry, no tag', async () => {
    const { id, author } = await aResponse();
    const logId = await lastLogId(db());

    const { tags } = await run(lodgeAppeal, author, { responseId: id, note: 'It was on topic: see the third paragraph.' });

    expect(await appealsOf(id)).toEqual([
      expect.objectContaining({ note: 'It was on topic: see the third paragraph.', decidedAt: null, outcome: null }),
    ]);
    expect(await responseRow(db(), id)).toMatchObject({ status: 'rejected' });
    expect(tags).toEqual([]);
    expect(await logSince(db(), logId)).toEqual([]);
  });

  it('takes one appeal per rejection', async () => {
    const { id, author } = await aResponse();
    await run(lodgeAppeal, author, { responseId: id, note: 'First.' });

    expect(await refusedUnchanged(db(), () => run(lodgeAppeal, author, { responseId: id, note: 'Second.' }))).toEqual({
      code: 'conflict',
      message: 'You have already appealed this rejection; a response can be appealed once.',
      field: 'note',
    });
  });

  it('refuses an appeal against someone else’s rejection, or by no one (a script)', async () => {
    const { id } = await aResponse();
    const someoneElse = actorOf(await insertPerson(db()));
    const notYours = { code: 'not-allowed', message: 'You can only appeal the rejection of your own response.', field: 'note' };

    expect(await refusedUnchanged(db(), () => run(lodgeAppeal, someoneElse, { responseId: id, note: 'Publish it.' }))).toEqual(notYours);
    expect(await refusedUnchanged(db(), () => run(lodgeAppeal, COMMAND_LINE, { responseId: id, note: 'Publish it.' }))).toEqual(notYours);
  });

  it('refuses an appeal of a response that does not exist as not one’s own', async () => {
    const { author } = await aResponse();

    expect(await refusedUnchanged(db(), () => run(lodgeAppeal, author, { responseId: 2_000_000_000, note: 'Why?' }))).toMatchObject({
      code: 'not-allowed',
    });
  });

  it.each(['published', 'pending', 'removed'] as const)('refuses an appeal for a %s response', async (status) => {
    const { id, author } = await aResponse(status);

    expect(await refusedUnchanged(db(), () => run(lodgeAppeal, author, { responseId: id, note: 'Why?' }))).toEqual({
      code: 'conflict',
      message: 'This response is not rejected, so there is nothing to appeal.',
      field: 'note',
    });
  });

  it('refuses an appeal without a note', async () => {
    const { id, author } = await aResponse();

    expect(await refusedUnchanged(db(), () => run(lodgeAppeal, author, { responseId: id, note: ' \n ' }))).toEqual({
      code: 'invalid',
      message: 'Please say why it should be published.',
      field: 'note',
    });
  });
});

describe('ruleOnAppeal', () => {
  async function appealed() {
    const response = await aResponse();
    return { ...response, appealId: await insertAppeal(db(), response.id) };
  }

  it('overturned: publishes the response, records the outcome, logs it and expires the article and the counts', async () => {
    const { id, articleId, author, appealId } = await appealed();
    const logId = await lastLogId(db());

    const { tags } = await run(ruleOnAppeal, moderator(), { appealId, outcome: 'overturned', note: 'Fair enough.' });

    expect(await responseRow(db(), id)).toMatchObject({ status: 'published', rejectionReason: null, rejectionNote: null });
    expect(await appealsOf(id)).toEqual([expect.objectContaining({ outcome: 'overturned', decidedAt: expect.any(Date) })]);
    expect(tags).toEqual(['response-counts', `responses:${articleId}`]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator().id,
        action: 'appeal-overturned',
        targetType: 'response',
        targetId: String(id),
        subjectId: author.id,
        articleId,
        reason: 'Fair enough.',
        before: { status: 'rejected', appeal: 'open' },
        after: { status: 'published', appeal: 'overturned' },
      }),
    ]);
  });

  it('upheld: the response stays rejected for the same reason, nothing readers see changes, and it is logged', async () => {
    const { id, appealId } = await appealed();
    const logId = await lastLogId(db());

    const { tags } = await run(ruleOnAppeal, moderator(), { appealId, outcome: 'upheld', note: '' });

    expect(await responseRow(db(), id)).toMatchObject({ status: 'rejected', rejectionReason: 'off-topic' });
    expect(await appealsOf(id)).toEqual([expect.objectContaining({ outcome: 'upheld', decidedAt: expect.any(Date) })]);
    expect(tags).toEqual([]);
    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({ action: 'appeal-upheld', reason: null, after: { status: 'rejected', appeal: 'upheld' } }),
    ]);
  });

  it('refuses a second ruling, changing nothing', async () => {
    const { appealId } = await appealed();
    await run(ruleOnAppeal, moderator(), { appealId, outcome: 'upheld', note: '' });

    expect(await refusedUnchanged(db(), () => run(ruleOnAppeal, moderator(), { appealId, outcome: 'overturned', note: '' }))).toEqual({
      code: 'conflict',
      message: 'This appeal was already decided.',
    });
  });

  it('refuses an appeal whose response is no longer rejected (its author deleted it)', async () => {
    const { id, appealId } = await appealed();
    await db().update(responses).set({ status: 'removed', removedBy: 'author' }).where(eq(responses.id, id));

    expect(await refusedUnchanged(db(), () => run(ruleOnAppeal, moderator(), { appealId, outcome: 'overturned', note: '' }))).toEqual({
      code: 'conflict',
      message: 'The response is no longer rejected, so there is nothing to decide.',
    });
  });

  it('refuses an appeal that does not exist', async () => {
    expect(
      await refusedUnchanged(db(), () => run(ruleOnAppeal, moderator(), { appealId: 2_000_000_000, outcome: 'upheld', note: '' })),
    ).toEqual({ code: 'not-found', message: 'This appeal does not exist.' });
  });

  it.each(['reader', 'editor'] as const)('is refused to a %s, who does not moderate', async (role) => {
    const { appealId } = await appealed();
    const actor = actorOf(await insertPerson(db(), role));

    expect(await refusedUnchanged(db(), () => run(ruleOnAppeal, actor, { appealId, outcome: 'overturned', note: '' }))).toEqual({
      code: 'not-allowed',
      message: 'You are not allowed to do that.',
    });
  });
});
