import { vi } from 'vitest';

// Stands in for next/cache in Vitest: no request cache outside Next, so cached functions simply run.
// Caching itself is tested by lib/cache/handler.test.ts and, end to end, by e2e/.
export function unstable_cache<T extends (...args: never[]) => unknown>(fn: T): T {
  return fn;
}

// Spies, so that tests of actions can see which tags a write expired (each test file has its own module registry).
export const revalidateTag = vi.fn<(tag: string, profile?: string) => void>();
export const updateTag = vi.fn<(tag: string) => void>();
export const refresh = vi.fn<() => void>();
