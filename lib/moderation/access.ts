import type { UserRole } from '@/db/schema';

/** How roles are named to people. What each role may do is lib/auth/permissions.ts. */

export const ROLE_NAMES: Record<UserRole, string> = { reader: 'Reader', moderator: 'Moderator', editor: 'Editor', admin: 'Admin' };

/** "an admin", "an editor", "a moderator": a role in a sentence. */
export function aRole(role: UserRole): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}

/** Staff (any role but reader) wear a badge on their responses and skip the holds for new readers. */
export function isStaffRole(role: UserRole): boolean {
  return role !== 'reader';
}
