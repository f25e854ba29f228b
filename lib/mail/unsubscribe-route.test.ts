import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { withFreshDatabase } from '@/test/database';
import { insertUser } from '@/test/users';

/** app/api/notifications/unsubscribe/route.ts as a mail client or the page's button posts to it, against a real database. */

const SECRET = 'a-test-secret-that-is-long-enough-to-sign-with';
process.env.AUTH_SECRET = SECRET;
process.env.SITE_URL = 'http://localhost:3000';

const { connection } = withFreshDatabase();
const db = () => connection().db;

const { POST } = await import('@/app/api/notifications/unsubscribe/route');
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
