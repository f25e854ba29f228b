import { beforeAll, describe, expect, it, vi } from 'vitest';
import { actorOf } from '@/lib/commands/actor';
import { run } from '@/test/commands';
import { insertArticle, insertPerson, insertResponse, lastLogId, logSince, responseRow } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { refusedUnchanged } from '@/test/refused';
import { changeFeatured } from './featuring';

/** Featuring a response as a command, against a real (fresh, migrated) database. */

vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

const { db, site, moderator } = withRealIssue({ moderator: {} });

let authorId: string;

beforeAll(async () => {
  authorId = (await insertPerson(db())).id;
});

const feature = (responseId: number, featured: boolean, actor = moderator()) => run(changeFeatured, actor, { responseId, featured });

describe('changeFeatured', () => {
  it('features a published response and stops featuring it, logging each with before and after, expiring its article', async () => {
    const articleId = await insertArticle(db(), site());
    const id = await insertResponse(db(), { articleId, authorId });
    const logId = await lastLogId(db());

    expect(await feature(id, true)).toEqual({ output: undefined, tags: [`responses:${articleId}`] });
    expect(await responseRow(db(), id)).toMatchObject({ featured: true });
    expect(await feature(id, false)).toEqual({ output: undefined, tags: [`responses:${articleId}`] });
    expect(await responseRow(db(), id)).toMatchObject({ featured: false });

    expect(await logSince(db(), logId)).toEqual([
      expect.objectContaining({
        actorId: moderator().id,
        action: 'feature',
        targetType: 'response',
        targetId: String(id),
        subjectId: authorId,
        articleId,
        before: { featured: false },
        after: { featured: true },
      }),
      expect.objectContaining({ actorId: moderator().id, action: 'unfeature', before: { featured: true }, after: { featured: false } }),
    ]);
  });

  it.each([
    ['a response that is not published', { status: 'pending' }, true, 'conflict', 'Only a published response can be featured.'],
    ['a featured response', { featured: true }, true, 'conflict', 'This response is already featured.'],
    ['stopping a response that is not featured', {}, false, 'conflict', 'This response is not featured.'],
  ] as const)('refuses %s, changing nothing', async (_what, state, featured, code, message) => {
    const id = await insertResponse(db(), { articleId: await insertArticle(db(), site()), authorId, ...state });

    expect(await refusedUnchanged(db(), () => feature(id, featured))).toEqual({ code, message });
  });

  it('refuses a response that does not exist', async () => {
    expect(await refusedUnchanged(db(), () => feature(2_000_000_000, true))).toEqual({
      code: 'not-found',
      message: 'This response does not exist.',
    });
  });

  it('features at most 10 responses on one article, counting that article only', async () => {
    const articleId = await insertArticle(db(), site());
    for (let i = 0; i < 10; i += 1) await insertResponse(db(), { articleId, authorId, featured: true });
    const eleventh = await insertResponse(db(), { articleId, authorId });
    const elsewhere = await insertResponse(db(), { articleId: await insertArticle(db(), site()), authorId });

    expect(await refusedUnchanged(db(), () => feature(eleventh, true))).toEqual({
      code: 'limited',
      message: 'At most 10 responses can be featured on one article; stop featuring one first.',
    });
    await feature(elsewhere, true);
    expect(await responseRow(db(), elsewhere)).toMatchObject({ featured: true });
  });

  it.each(['reader', 'editor'] as const)('is refused to a %s, who does not moderate', async (role) => {
    const id = await insertResponse(db(), { articleId: await insertArticle(db(), site()), authorId });
    const actor = actorOf(await insertPerson(db(), role));

    expect(await refusedUnchanged(db(), () => feature(id, true, actor))).toEqual({
      code: 'not-allowed',
      message: 'You are not allowed to do that.',
    });
  });
});
