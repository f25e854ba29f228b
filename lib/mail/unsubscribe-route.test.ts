import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import { follows, subscribers, users } from '@/db/schema';
import { crossSiteProblem } from '@/lib/http/same-origin';
import { insertSubscriber } from '@/test/subscriber-fixtures';
import { withFreshDatabase } from '@/test/database';
import { importRealIssue, insertArticle } from '@/test/moderation';
import { insertUser } from '@/test/users';

/** app/api/notifications/unsubscribe/route.ts as a mail client or the page's button posts to it, against a real database. */

const SECRET = 'a-test-secret-that-is-long-enough-to-sign-with';
process.env.AUTH_SECRET = SECRET;
process.env.SITE_URL = 'http://localhost:3000';

// A one-click POST comes from a mail provider, with no cookie: the route must never look for a session.
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  currentUser: vi.fn(async () => {
    throw new Error('the unsubscribe route read the session');
  }),
}));
vi.mock('@/lib/auth', () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(), handlers: {} }));

const { connection } = withFreshDatabase();
const db = () => connection().db;

const { GET, POST } = await import('@/app/api/notifications/unsubscribe/route');
const { unsubscribeUrl } = await import('./unsubscribe');

const signed = (text: string) => createHmac('sha256', SECRET).update(text).digest('base64url');

function post(url: string, body = '') {
  return POST(new NextRequest(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
}

async function notifies(id: string): Promise<boolean> {
  const [row] = await db().select({ notify: users.notifyReplies }).from(users).where(eq(users.id, id));
  return row!.notify;
}

describe('POST /api/notifications/unsubscribe', () => {
  it("turns reply emails off for a mail client's one-click unsubscribe", async () => {
    const reader = await insertUser(db(), { notifyReplies: true });
    const response = await post(unsubscribeUrl('replies', reader.id, { oneClick: true }), 'List-Unsubscribe=One-Click');
    expect(response.status).toBe(200);
    expect(await notifies(reader.id)).toBe(false);
  });

  it('turns them off from the button on the page, and says so there', async () => {
    const reader = await insertUser(db(), { notifyReplies: true });
    const response = await post(unsubscribeUrl('replies', reader.id, { oneClick: true }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('http://localhost:3000/notifications/unsubscribe?done=replies');
    expect(await notifies(reader.id)).toBe(false);
  });

  it('still honours the link in reply emails sent before links named their purpose', async () => {
    const reader = await insertUser(db(), { notifyReplies: true });
    const query = new URLSearchParams({ user: reader.id, token: signed(`unsubscribe:replies:${reader.id}`) });
    const response = await post(`http://localhost:3000/api/notifications/unsubscribe?${query}`, 'List-Unsubscribe=One-Click');
    expect(response.status).toBe(200);
    expect(await notifies(reader.id)).toBe(false);
  });

  it("refuses another reader's token and one signed for another purpose, changing nothing", async () => {
    const reader = await insertUser(db(), { notifyReplies: true });
    const other = await insertUser(db(), { notifyReplies: true });
    const theirs = new URL(unsubscribeUrl('replies', other.id, { oneClick: true }));
    theirs.searchParams.set('id', reader.id);
    const briefing = new URLSearchParams({ purpose: 'replies', id: reader.id, token: signed(`unsubscribe:briefing:${reader.id}`) });
    for (const url of [theirs.href, `http://localhost:3000/api/notifications/unsubscribe?${briefing}`]) {
      const response = await post(url, 'List-Unsubscribe=One-Click');
      expect(response.status).toBe(400);
    }
    expect(await notifies(reader.id)).toBe(true);
    expect(await notifies(other.id)).toBe(true);
  });
});

const aSubscriber = (status: 'active' | 'pending' | 'bounced' = 'active') =>
  insertSubscriber(db(), { status }, new Date(Date.now() - 86_400_000));
const statusOf = async (id: number) => (await db().select().from(subscribers).where(eq(subscribers.id, id)))[0]!;

describe('one-click unsubscribe from the briefing (RFC 8058)', () => {
  it('unsubscribes with a bare POST — no cookie, no session, no redirect — and answers 200 in plain text, twice alike', async () => {
    const row = await aSubscriber();
    const url = unsubscribeUrl('briefing', String(row.id), { oneClick: true });
    for (let time = 1; time <= 2; time += 1) {
      const response = await post(url, 'List-Unsubscribe=One-Click');
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('Unsubscribed.');
      expect((await statusOf(row.id)).status).toBe('unsubscribed');
    }
  });

  it('takes the body as multipart form data too, as some providers send it', async () => {
    const row = await aSubscriber('pending');
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    const response = await POST(new NextRequest(unsubscribeUrl('briefing', String(row.id), { oneClick: true }), { method: 'POST', body }));
    expect(response.status).toBe(200);
    expect((await statusOf(row.id)).status).toBe('unsubscribed');
  });

  it('leaves a bounced address bounced, still answering 200', async () => {
    const row = await aSubscriber('bounced');
    expect((await post(unsubscribeUrl('briefing', String(row.id), { oneClick: true }), 'List-Unsubscribe=One-Click')).status).toBe(200);
    expect(await statusOf(row.id)).toEqual(row);
  });

  it('refuses a forged token, another subscriber’s token and a replies token for the same id with 400, changing nothing', async () => {
    const row = await aSubscriber();
    const other = await aSubscriber();
    const forged = new URL(unsubscribeUrl('briefing', String(row.id), { oneClick: true }));
    forged.searchParams.set('token', 'A'.repeat(43));
    const theirs = new URL(unsubscribeUrl('briefing', String(other.id), { oneClick: true }));
    theirs.searchParams.set('id', String(row.id));
    const purpose = new URL(unsubscribeUrl('replies', String(row.id), { oneClick: true }));
    purpose.searchParams.set('purpose', 'briefing');
    const bare = 'http://localhost:3000/api/notifications/unsubscribe?purpose=briefing&id=' + row.id;
    for (const url of [forged.href, theirs.href, purpose.href, bare]) {
      const response = await post(url, 'List-Unsubscribe=One-Click');
      expect(response.status).toBe(400);
    }
    expect(await statusOf(row.id)).toEqual(row);
    expect(await statusOf(other.id)).toEqual(other);
  });

  it('only sends a GET of the one-click address to the page that asks first, changing nothing', async () => {
    const row = await aSubscriber();
    const url = unsubscribeUrl('briefing', String(row.id), { oneClick: true });
    const response = GET(new NextRequest(url));
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(location.pathname).toBe('/notifications/unsubscribe');
    expect(location.search).toBe(new URL(url).search);
    expect(await statusOf(row.id)).toEqual(row);
  });

  it('is let through the cross-site check with a foreign Origin or none, which still guards every other path', () => {
    const foreign = new Headers({ origin: 'https://mail.provider.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSiteProblem({ method: 'POST', headers: foreign, pathname: '/api/notifications/unsubscribe' })).toBeNull();
    expect(crossSiteProblem({ method: 'POST', headers: new Headers(), pathname: '/api/notifications/unsubscribe' })).toBeNull();
    for (const pathname of [
      '/email',
      '/api/notifications/unsubscribe/',
      '/api/notifications/unsubscribe/x',
      '/api/notifications',
      '/account',
    ])
      expect(crossSiteProblem({ method: 'POST', headers: foreign, pathname })).not.toBeNull();
  });
});

describe('one-click unsubscribe from the follow digest', () => {
  it('unfollows every article of that reader only', async () => {
    const site = await importRealIssue(db());
    const reader = await insertUser(db());
    const other = await insertUser(db());
    const articles = [await insertArticle(db(), site), await insertArticle(db(), site)];
    await db()
      .insert(follows)
      .values([...articles.map((articleId) => ({ userId: reader.id, articleId })), { userId: other.id, articleId: articles[0]! }]);
    const followsOf = async (id: string) => db().select().from(follows).where(eq(follows.userId, id));

    const response = await post(unsubscribeUrl('follows', reader.id, { oneClick: true }), 'List-Unsubscribe=One-Click');

    expect(response.status).toBe(200);
    expect(await followsOf(reader.id)).toEqual([]);
    expect(await followsOf(other.id)).toHaveLength(1);
  });
});
