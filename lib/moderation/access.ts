import type { UserRole } from '@/db/schema';

/**
 * Who may do what. Moderators and editors moderate; admins also manage people and settings. Actions check these
 * through guarded(); staff queries check them again themselves (assertRole), so no page can read staff data by
 * forgetting to.
 */

export const STAFF_ROLES = ['moderator', 'editor', 'admin'] as const satisfies readonly UserRole[];
export const ADMIN_ROLES = ['admin'] as const satisfies readonly UserRole[];

export const ROLE_NAMES: Record<UserRole, string> = { reader: 'Reader', moderator: 'Moderator', editor: 'Editor', admin: 'Admin' };

/** "an admin", "an editor", "a moderator": a role in a sentence. */
export function aRole(role: UserRole): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}

export function isStaffRole(role: UserRole): boolean {
  return role !== 'reader';
}

export class NotAllowedError extends Error {
  constructor() {
    super('You are not allowed to see this.');
    this.name = 'NotAllowedError';
  }
}

/** Throws unless `viewer` is signed in with one of `roles`. */
export function assertRole<Viewer extends { role: UserRole }>(
  viewer: Viewer | null | undefined,
  roles: readonly UserRole[],
): asserts viewer is Viewer {
  if (!viewer || !roles.includes(viewer.role)) throw new NotAllowedError();
}
