import { vi } from 'vitest';

/**
 * Stand-ins for Next's request machinery in tests that call server actions directly. vi.mock has to sit in each
 * test file, so each file names what it replaces and takes the replacement from here:
 *
 *   vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
 */

/** `redirect` throws, as Next's does, so the action stops there (see test/redirect.ts). */
export async function navigation() {
  const { RedirectError } = await import('./redirect');
  return {
    redirect: (url: string) => {
      throw new RedirectError(url);
    },
  };
}

/**
 * No cookies, and a fixed client address as server.mjs records it — beside a client-written X-Forwarded-For
 * that nothing may read.
 */
export function headers() {
  return {
    cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
    headers: async () => new Headers({ 'x-briefings-client': '203.0.113.7', 'x-forwarded-for': '198.51.100.99' }),
  };
}

/** `after` callbacks are recorded, not run. */
export function server() {
  return { after: vi.fn() };
}

/** Auth.js, never reached: who is signed in comes from the mocked currentUser (session()). */
export function auth() {
  return { auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn(async () => undefined), handlers: {} };
}

/** lib/auth/session as it is, but with currentUser a mock the test sets. */
export async function session(importActual: <T>() => Promise<T>) {
  return { ...(await importActual<typeof import('@/lib/auth/session')>()), currentUser: vi.fn() };
}
