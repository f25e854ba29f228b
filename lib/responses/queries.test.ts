import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { responses } from '@/db/schema';
import { insertArticle, insertPerson, insertResponse } from '@/test/moderation';
import { withRealIssue } from '@/test/real-issue';
import { readResponseCounts, readThreads, THREADS_PAGE_SIZE } from './queries';

// The fixtures read people as the session would, which loads Auth.js; no session is needed here.
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));

/** What readers see of moderation under an article: featured threads first, staff badges, and why a start is gone. */

const { db, site } = withRealIssue();

describe('readThreads', () => {
  it('puts featured threads first, marks staff, and keeps a gone first response in place only for its replies', async () => {
    const articleId = await insertArticle(db(), site());
    const reader = await insertPerson(db());
    const moderator = await insertPerson(db(), 'moderator');
    const plain = await insertResponse(db(), { articleId, authorId: reader.id, body: 'Plain.' });
    const featured = await insertResponse(db(), { articleId, authorId: reader.id, body: 'Featured.', featured: true });
    const rejected = await insertResponse(db(), { articleId, authorId: reader.id, status: 'rejected', body: 'Rejected text.' });
    const [reply] = await db()
      .insert(responses)
      .values({ articleId, authorId: reader.id, parentId: rejected, body: 'A reply that stays.' })
      .returning({ id: responses.id });
    const held = await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending', heldFor: 'reports', body: 'Held.' });
    await db().insert(responses).values({ articleId, authorId: reader.id, parentId: held, body: 'Answering the held one.' });
    await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending', body: 'Pending, no replies.' });
    const staff = await insertResponse(db(), { articleId, authorId: moderator.id, body: 'From the staff.' });

    const page = await readThreads(articleId, 'oldest', null);
    expect(page.threads.map((thread) => thread.id)).toEqual([featured, plain, rejected, held, staff]);
    expect(page.total).toBe(5);
    expect(page.threads[0]).toMatchObject({ featured: true, body: 'Featured.', hiddenBecause: null, staff: false });
    expect(page.threads[2]).toMatchObject({ body: null, hiddenBecause: 'staff', featured: false });
    expect(page.threads[2]!.replies.map((item) => item.id)).toEqual([reply!.id]);
    expect(page.threads[3]).toMatchObject({ body: null, hiddenBecause: 'review' });
    expect(page.threads[4]).toMatchObject({ staff: true, body: 'From the staff.' });
    expect(JSON.stringify(page)).not.toContain('Rejected text.');

    // Newest first, the featured thread still leads.
    expect((await readThreads(articleId, 'newest', null)).threads.map((thread) => thread.id)).toEqual([
      featured,
      staff,
      held,
      rejected,
      plain,
    ]);
  });

  it('leaves featured threads out of later pages, so none shows twice', async () => {
    const articleId = await insertArticle(db(), site());
    const reader = await insertPerson(db());
    const featured = await insertResponse(db(), { articleId, authorId: reader.id, featured: true });
    await db()
      .insert(responses)
      .values(
        Array.from({ length: THREADS_PAGE_SIZE + 5 }, (_, index) => ({ articleId, authorId: reader.id, body: `Response ${index}.` })),
      );
    const first = await readThreads(articleId, 'oldest', null);
    expect(first.threads).toHaveLength(THREADS_PAGE_SIZE + 1);
    expect(first.threads[0]!.id).toBe(featured);
    expect(first.next).not.toBeNull();
    const second = await readThreads(articleId, 'oldest', first.next);
    expect(second.threads).toHaveLength(5);
    expect(second.threads.map((thread) => thread.id)).not.toContain(featured);
    expect(second.next).toBeNull();
    // A featured response that is no longer published loses its place at the top.
    await db().update(responses).set({ status: 'rejected' }).where(eq(responses.id, featured));
    expect((await readThreads(articleId, 'oldest', null)).threads.map((thread) => thread.id)).not.toContain(featured);
  });
});

describe('response counts', () => {
  it('are the same under the article and on issue pages: the responses a reader can read there, replies included', async () => {
    const articleId = await insertArticle(db(), site());
    const reader = await insertPerson(db());
    const first = await insertResponse(db(), { articleId, authorId: reader.id, body: 'First.' });
    const reply = (parentId: number, status: 'published' | 'pending' = 'published') =>
      db().insert(responses).values({ articleId, authorId: reader.id, parentId, status, body: 'A reply.' });
    await reply(first);
    await reply(first);
    await reply(first, 'pending');
    // Removed, but in place for the reply that hangs on it: its reply counts, it does not.
    const removed = await insertResponse(db(), { articleId, authorId: reader.id, status: 'removed', body: 'Gone.' });
    await reply(removed);
    await insertResponse(db(), { articleId, authorId: reader.id, status: 'rejected', body: 'Rejected.' });
    await insertResponse(db(), { articleId, authorId: reader.id, status: 'pending', body: 'Held.' });

    const page = await readThreads(articleId, 'oldest', null);
    const readable = page.threads.flatMap((thread) => [thread, ...thread.replies]).filter((view) => view.body !== null);
    expect(readable).toHaveLength(4);
    expect(page.count).toBe(4);
    expect((await readResponseCounts([articleId]))[articleId]).toBe(4);
  });

  it('count only the article asked about, and nothing for an article without responses', async () => {
    const quiet = await insertArticle(db(), site());
    const busy = await insertArticle(db(), site());
    const reader = await insertPerson(db());
    await insertResponse(db(), { articleId: busy, authorId: reader.id });
    expect(await readResponseCounts([quiet, busy])).toEqual({ [busy]: 1 });
    expect((await readThreads(quiet, 'oldest', null)).count).toBe(0);
    expect(await readResponseCounts([])).toEqual({});
  });
});
