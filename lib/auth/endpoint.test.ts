import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sessions, signInNetworks, users, verificationTokens } from '@/db/schema';
import { withFreshDatabase } from '@/test/database';
import { resetRequest } from '@/test/request';

/**
 * Auth.js's own endpoints, called directly as an attacker would (with a valid CSRF token and cookie), with the real
 * Auth.js and the real outbox: asking for a link there sends nothing; only sendSignInLink does, and the link's
 * session-making POST refuses another site.
 */

const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-endpoint-mail-'));
process.env.MAIL_DIR = mailDir;
process.env.SITE_URL = 'http://localhost:3000';

vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));

const { connection } = withFreshDatabase();
const db = () => connection().db;

const { GET, POST } = await import('@/app/api/auth/[...nextauth]/route');
const { handlers } = await import('@/lib/auth');
const { sendSignInLink, signInLinkIsLive } = await import('./sign-in-link');

const SITE = 'http://localhost:3000';
const mailCount = () => fs.readdirSync(mailDir).length;

function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new NextRequest(new URL(url, SITE), {
    method: init.method ?? 'GET',
    headers: { host: 'localhost:3000', 'x-briefings-client': '203.0.113.9', ...init.headers },
    body: init.body,
  });
}

/** A CSRF token and the cookie that goes with it, fetched the way a browser script would. */
async function csrf(): Promise<{ token: string; cookie: string }> {
  const response = await GET(request('/api/auth/csrf'));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { token: csrfToken, cookie };
}

function signInPost(token: string, cookie: string, email: string) {
  return request('/api/auth/signin/nodemailer', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: SITE },
    body: new URLSearchParams({ csrfToken: token, email, callbackUrl: '/' }).toString(),
  });
}

/** The token in the newest message's link. */
function latestLink(): { email: string; token: string; callbackUrl: string } {
  const newest = fs.readdirSync(mailDir).sort().at(-1)!;
  const text = fs.readFileSync(path.join(mailDir, newest), 'utf8').replace(/=\r?\n/g, '');
  const url = new URL(text.match(/http:\/\/localhost:3000\/signin\/confirm\?\S+/)![0].replace(/=3D/g, '='));
  return {
    email: url.searchParams.get('email')!,
    token: url.searchParams.get('token')!,
    callbackUrl: url.searchParams.get('callbackUrl')!,
  };
}

function callbackPost(link: { email: string; token: string; callbackUrl: string }, headers: Record<string, string>) {
  return request(`/api/auth/callback/nodemailer?${new URLSearchParams(link)}`, { method: 'POST', headers });
}

beforeEach(() => resetRequest({ client: '203.0.113.9' }));

describe("Auth.js's sign-in endpoint", () => {
  it('is closed: a POST with a valid CSRF token sends nothing and stores no token', async () => {
    const { token, cookie } = await csrf();
    const before = mailCount();

    const response = await POST(signInPost(token, cookie, 'direct@example.org'));

    expect(response.status).toBe(405);
    expect(await response.text()).toContain('/signin');
    expect(mailCount()).toBe(before);
    expect(await db().select().from(verificationTokens)).toEqual([]);
  });

  it('sends nothing even when reached behind the route (no ticket from sendSignInLink)', async () => {
    const { token, cookie } = await csrf();
    const before = mailCount();

    const response = await handlers.POST(signInPost(token, cookie, 'behind@example.org'));

    expect(response.headers.get('location')).toContain('error=AccessDenied');
    expect(mailCount()).toBe(before);
    expect(await db().select().from(verificationTokens)).toEqual([]);
  });
});

describe('a link sent by sendSignInLink', () => {
  it('is sent, and its page knows it is live until it is used', async () => {
    const before = mailCount();
    await sendSignInLink({ email: 'reader@example.org', callbackPath: '/account', network: '203.0.113.9' });
    expect(mailCount()).toBe(before + 1);
    const link = latestLink();
    expect(link).toMatchObject({ email: 'reader@example.org', callbackUrl: '/account' });
    expect(await signInLinkIsLive(link.email, link.token)).toBe(true);
    expect(await signInLinkIsLive(link.email, `${link.token.slice(0, -1)}x`)).toBe(false);
    expect(await signInLinkIsLive('other@example.org', link.token)).toBe(false);
  });

  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['a null Origin', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
  ])('refuses to sign in from another site (%s), leaving the link usable', async (_what, headers) => {
    await sendSignInLink({ email: 'target@example.org', callbackPath: '/', network: '203.0.113.9' });
    const link = latestLink();

    const response = await POST(callbackPost(link, headers));

    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await db().select().from(sessions)).toEqual([]);
    expect(await signInLinkIsLive(link.email, link.token)).toBe(true);
  });

  it('signs in from this site, once, and sends the reader on by a path', async () => {
    await sendSignInLink({ email: 'welcome@example.org', callbackPath: '/account', network: '203.0.113.9' });
    const link = latestLink();

    const response = await POST(callbackPost(link, { origin: SITE, 'sec-fetch-site': 'same-origin' }));

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/account');
    const [user] = await db().select({ id: users.id }).from(users).where(eq(users.email, 'welcome@example.org'));
    expect(await db().select().from(sessions).where(eq(sessions.userId, user!.id))).toHaveLength(1);
    expect(await signInLinkIsLive(link.email, link.token)).toBe(false);
    // The network it was used from is now this reader's own (the address-wide limit is waived there).
    expect(
      await db().select({ network: signInNetworks.network }).from(signInNetworks).where(eq(signInNetworks.email, 'welcome@example.org')),
    ).toEqual([{ network: '203.0.113.9' }]);

    const again = await POST(callbackPost(link, { origin: SITE }));
    expect(again.headers.get('location')).toBe('/signin?error=Verification');
  });

  it('opened by GET (a mail scanner) goes to the page with the button and uses nothing up', async () => {
    await sendSignInLink({ email: 'scanned@example.org', callbackPath: '/', network: '203.0.113.9' });
    const link = latestLink();

    const response = await GET(request(`/api/auth/callback/nodemailer?${new URLSearchParams(link)}`));

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/signin\/confirm\?/);
    expect(await signInLinkIsLive(link.email, link.token)).toBe(true);
  });
});
