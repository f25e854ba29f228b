import { expect } from 'vitest';

/**
 * What a mocked next/navigation `redirect` throws in tests, as Next's own does: the action stops there. Mock it with
 *
 *   vi.mock('next/navigation', async () => {
 *     const { RedirectError } = await import('@/test/redirect');
 *     return { redirect: (url: string) => { throw new RedirectError(url); } };
 *   });
 */
export class RedirectError extends Error {
  constructor(readonly url: string) {
    super(`Redirected to ${url}`);
    this.name = 'RedirectError';
  }
}

/** Runs an action that should redirect, and returns where to (failing, with what it returned, if it did not). */
export async function redirectOf(promise: Promise<unknown>): Promise<string> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`Expected a redirect, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(RedirectError);
  return (outcome.error as RedirectError).url;
}
