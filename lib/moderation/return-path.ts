import { safeReturnPath } from '@/lib/routing/return-path';

/**
 * Where a staff form sends its moderator back to: the page they acted from (a path under /moderation or /admin,
 * nothing else), saying what was done and with the next item to work on focused — by the address's fragment
 * without JavaScript (the browser focuses the element it names), by the `focus` parameter with it.
 */

const STAFF_PATH = /^\/(moderation|admin)(\/[a-z0-9-]+)*$/;

/** A same-origin path first (the one rule for every return path), then one of the staff pages. */
export function staffPath(value: unknown, fallback = '/moderation'): URL {
  const base = 'http://staff.invalid';
  const url = new URL(safeReturnPath(value, fallback), base);
  if (!STAFF_PATH.test(url.pathname)) return new URL(fallback, base);
  url.hash = '';
  return url;
}

/** The address to go back to after `done`, focusing item `focus` (or the list's heading when nothing is left). */
export function returnAddress(returnTo: unknown, done: string, focus: number | null): string {
  const url = staffPath(returnTo);
  url.searchParams.set('done', done);
  if (focus) url.searchParams.set('focus', String(focus));
  else url.searchParams.delete('focus');
  return `${url.pathname}${url.search}#${focus ? `item-${focus}` : 'results'}`;
}
