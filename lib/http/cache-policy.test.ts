import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { applyCachePolicy, cachePolicy, PRIVATE, SHARED } from './cache-policy.mjs';

/** What Next sends for a reading page it caches (measured on the built app: home, issue, article). */
const NEXT_ISR = 's-maxage=300, stale-while-revalidate=86100';
const reading = {
  method: 'GET',
  url: '/issues/2010-09-15',
  requestCookie: undefined,
  statusCode: 200,
  setCookie: undefined,
  cacheControl: NEXT_ISR,
};

describe('cachePolicy', () => {
  it('lets proxies keep a reading page for a second and revalidate in the background', () => {
    expect(cachePolicy(reading)).toBe(SHARED);
    expect(cachePolicy({ ...reading, method: 'HEAD' })).toBe(SHARED);
    expect(cachePolicy({ ...reading, url: '/robots.txt', cacheControl: 'public, max-age=0, must-revalidate' })).toBe(SHARED);
    expect(cachePolicy({ ...reading, requestCookie: 'theme=dark; authjs.csrf-token=x' })).toBe(SHARED);
  });

  it.each([
    ['a response that sets a cookie', { setCookie: ['authjs.csrf-token=abc; Path=/'] }],
    ['a signed-in request', { requestCookie: 'a=1; authjs.session-token=abc' }],
    ['a signed-in request on https', { requestCookie: '__Secure-authjs.session-token=abc' }],
    ['a POST (a server action)', { method: 'POST' }],
    ['a dynamic page', { cacheControl: 'private, no-cache, no-store, max-age=0, must-revalidate' }],
    ['a page without Cache-Control', { cacheControl: undefined }],
    ['a 404', { statusCode: 404 }],
    ['a redirect', { statusCode: 307 }],
    ['a staff page, whatever Next says', { url: '/admin/issues' }],
    ['the moderation queue', { url: '/moderation' }],
    ['the account page', { url: '/account?x=1' }],
    ['an API route', { url: '/api/auth/session' }],
    ['the sign-in page', { url: '/signin' }],
    ['a page opened by an emailed link', { url: '/email?token=abc' }],
    ["a reader's own response", { url: '/responses/12' }],
  ])('keeps %s private and unstored', (_name, change) => {
    expect(cachePolicy({ ...reading, ...change })).toBe(PRIVATE);
  });

  it("keeps Next's year-long caching of its hashed build files", () => {
    expect(cachePolicy({ ...reading, url: '/_next/static/chunks/a.js', cacheControl: 'public, max-age=31536000, immutable' })).toBeNull();
  });

  it('does not take a path that merely starts like a private one for it', () => {
    expect(cachePolicy({ ...reading, url: '/administration-notes' })).toBe(SHARED);
    expect(cachePolicy({ ...reading, url: '/issues/2010-09-15/an-article/responses/oldest' })).toBe(SHARED);
  });
});

describe('applyCachePolicy', () => {
  async function answer(handler: http.RequestListener, init: RequestInit = {}, path = '/issues/x') {
    const server = http.createServer((request, response) => {
      applyCachePolicy(request, response);
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, init);
      await response.arrayBuffer();
      return response.headers;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('rewrites headers set with setHeader and sent by end()', async () => {
    const headers = await answer((_request, response) => {
      response.setHeader('Cache-Control', NEXT_ISR);
      response.end('page');
    });
    expect(headers.get('cache-control')).toBe(SHARED);
  });

  it('rewrites headers passed to writeHead, and sees a cookie set there', async () => {
    expect(
      (await answer((_request, response) => response.writeHead(200, { 'Cache-Control': NEXT_ISR, 'X-Other': 'kept' }).end())).get(
        'cache-control',
      ),
    ).toBe(SHARED);
    const withCookie = await answer((_request, response) =>
      response.writeHead(200, 'OK', { 'cache-control': NEXT_ISR, 'set-cookie': 'a=1' }).end(),
    );
    expect(withCookie.get('cache-control')).toBe(PRIVATE);
    expect(withCookie.get('set-cookie')).toBe('a=1');
  });

  it('makes a signed-in request private even for a page Next caches', async () => {
    const headers = await answer(
      (_request, response) => {
        response.setHeader('Cache-Control', NEXT_ISR);
        response.end();
      },
      { headers: { cookie: 'authjs.session-token=abc' } },
    );
    expect(headers.get('cache-control')).toBe(PRIVATE);
  });
});
