// Stands in for next/cache in Vitest: no request cache outside Next, so cached functions simply run.
// Caching itself is tested by lib/cache/handler.test.ts and, end to end, by e2e/.
export function unstable_cache<T extends (...args: never[]) => unknown>(fn: T): T {
  return fn;
}

export function revalidateTag(): void {}
export function updateTag(): void {}
