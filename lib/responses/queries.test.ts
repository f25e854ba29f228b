import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { responses } from '@/db/schema';
import { withFreshDatabase } from '@/test/database';
import { importRealIssue, insertArticle, insertPerson, insertResponse, type Site } from '@/test/moderation';
import { readThreads, THREADS_PAGE_SIZE } from './queries';

// The fixtures read people as the session would, which loads Auth.js; no session is needed here.
vi.mock('@/lib/auth', () => ({ auth: vi.fn() }));

/** What readers see of moderation under an article: featured threads first, staff badges, and why a start is gone. */

const { connection } = withFreshDatabase();
const db = () => connection().db;
let site: Site;

beforeAll(async () => {
  site = await importRealIssue(db());
});

describe('readThreads', () => {
  it('puts featured threads first, marks staff, and keeps a gone first response in place only for its replies', async () => {
    const articleId = await insertArticle(db(), site);
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
    const articleId = await insertArticle(db(), site);
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
