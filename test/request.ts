import { vi } from 'vitest';

/**
 * Stand-ins for Next's request machinery in tests that call server actions directly. vi.mock has to sit in each
 * test file, so each file names what it replaces and takes the replacement from here:
 *
 *   vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
 *
 * What the stand-ins read and record is `request`, one browser's request at a time: a test sets the client's
 * address or a cookie there, and reads there what the action left (cookies set). `resetRequest`
 * (in a beforeEach) starts each test as a fresh browser.
 */

type Cookie = { name: string; value: string; options?: Record<string, unknown> };

const DEFAULTS = { client: '203.0.113.7', forwardedFor: '198.51.100.99' };

export const request = {
  /** This browser's cookies, as the action leaves them. */
  jar: new Map<string, Cookie>(),
  /** The client's address as server.mjs records it. */
  client: DEFAULTS.client,
  /** A client-written X-Forwarded-For, which nothing may read. */
  forwardedFor: DEFAULTS.forwardedFor,
};

/** A fresh browser: no cookies, the default addresses (or those given). */
export function resetRequest(addresses: Partial<typeof DEFAULTS> = {}): void {
  request.jar.clear();
  Object.assign(request, DEFAULTS, addresses);
}

/** `redirect` throws, as Next's does, so the action stops there (see test/redirect.ts). */
export async function navigation() {
  const { RedirectError } = await import('./redirect');
  return {
    redirect: (url: string) => {
      throw new RedirectError(url);
    },
  };
}

/** The cookies in `request.jar`, and the headers of a request from `request.client` to this site. */
export function headers() {
  return {
    cookies: async () => ({
      get: (name: string) => request.jar.get(name),
      getAll: () => [...request.jar.values()],
      has: (name: string) => request.jar.has(name),
      set: (name: string, value: string, options?: Record<string, unknown>) => void request.jar.set(name, { name, value, options }),
      delete: (name: string) => void request.jar.delete(name),
    }),
    headers: async () =>
      new Headers({ host: 'localhost:3000', 'x-briefings-client': request.client, 'x-forwarded-for': request.forwardedFor }),
  };
}

/** Auth.js, never reached: who is signed in comes from the mocked currentUser (session()). */
export function auth() {
  return { auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(async () => undefined), handlers: {} };
}

/** lib/auth/session as it is, but with currentUser a mock the test sets. */
export async function session(importActual: <T>() => Promise<T>) {
  return { ...(await importActual<typeof import('@/lib/auth/session')>()), currentUser: vi.fn() };
}

/** The outbox replaced by a spy: what would be sent is in its calls, and nothing is written or sent. */
export function mail() {
  return { sendMail: vi.fn(async () => ({ id: 'test' })) };
}
