import { eq } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { subscribers } from '@/db/schema';
import { withMailOutbox } from '@/test/mail-outbox';
import { withRealIssue } from '@/test/real-issue';
import { confirmationToken } from './confirm-token';

// The page the confirmation email links to, rendered as Next would on a GET: it shows, and changes nothing.
vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

withMailOutbox('confirm-page');
const { db } = withRealIssue();

async function open(query: Record<string, string>): Promise<string> {
  const { default: Page } = await import('@/app/(reader)/subscribe/confirm/page');
  return renderToStaticMarkup(await Page({ searchParams: Promise.resolve(query) }));
}

async function insertPending(email: string, consentAt = new Date()) {
  const [row] = await db().insert(subscribers).values({ email, consentSource: 'article', consentWording: 'Words.', consentAt }).returning();
  return row!;
}

const everySubscriber = () => db().select().from(subscribers).orderBy(subscribers.id);

describe('the confirm page', () => {
  it('shows the address and a button, and opening it (again and again) confirms nothing', async () => {
    const row = await insertPending('opened@example.org');
    const before = await everySubscriber();

    for (let i = 0; i < 2; i += 1) {
      const html = await open({ subscriber: String(row.id), token: confirmationToken(row) });
      expect(html).toContain('<h1>Confirm your subscription</h1>');
      expect(html).toContain('<strong>opened@example.org</strong>');
      expect(html).toMatch(/<button type="submit"[^>]*>Confirm subscription<\/button>/);
    }

    expect(await everySubscriber()).toEqual(before);
    expect(before.find((one) => one.id === row.id)!.status).toBe('pending');
  });

  it('says a forged, another subscriber’s or an expired link is not valid, without showing the address', async () => {
    const mine = await insertPending('mine@example.org');
    const theirs = await insertPending('theirs@example.org');
    const old = await insertPending('old@example.org', new Date(Date.now() - 8 * 24 * 60 * 60 * 1000));
    const before = await everySubscriber();

    const forged = await open({ subscriber: String(mine.id), token: 'A'.repeat(43) });
    const other = await open({ subscriber: String(mine.id), token: confirmationToken(theirs) });
    const expired = await open({ subscriber: String(old.id), token: confirmationToken(old) });
    const missing = await open({});

    for (const html of [forged, other, missing]) {
      expect(html).toContain('<h1>This link is not valid</h1>');
      expect(html).not.toMatch(/@example\.org|<button/);
    }
    expect(expired).toContain('<h1>This link has expired</h1>');
    expect(expired).not.toMatch(/old@example\.org|<button/);
    expect(await everySubscriber()).toEqual(before);
  });

  it('says an active subscriber is subscribed', async () => {
    const row = await insertPending('done@example.org');
    await db().update(subscribers).set({ status: 'active', confirmedAt: new Date() }).where(eq(subscribers.id, row.id));

    expect(await open({ subscriber: String(row.id), token: confirmationToken(row) })).toContain('<h1>You are subscribed</h1>');
  });
});
