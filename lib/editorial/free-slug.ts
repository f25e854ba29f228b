/**
 * The first of `base`, `base-2`, `base-3`… not in `taken`: how a new author or article gets an address of its own
 * when another already has the natural one.
 */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
