import type { CurrentUser } from '@/lib/auth/session';
import { assertCan, type Permission } from './permissions';

/**
 * A query only staff with a permission may run: its first step checks the viewer it is given, whichever page calls
 * it (and whether or not that page checked), and throws NotAllowedError otherwise. What each one needs is recorded,
 * so that the authorisation matrix test can read it without calling it.
 */

const permissionByQuery = new WeakMap<object, Permission>();

export function staffQuery<Args extends unknown[], Result>(permission: Permission, read: (...args: Args) => Promise<Result>) {
  async function query(viewer: CurrentUser | null, ...args: Args): Promise<Result> {
    assertCan(viewer, permission);
    return read(...args);
  }
  permissionByQuery.set(query, permission);
  return query;
}

/** The permission `query` needs, if staffQuery made it. */
export function permissionOfQuery(query: unknown): Permission | undefined {
  return typeof query === 'function' ? permissionByQuery.get(query) : undefined;
}
