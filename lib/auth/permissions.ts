import type { UserRole } from '@/db/schema';

/**
 * Who may do what, as one table. Every guarded action names the permission it needs, every staff page and staff
 * query checks one, and the authorisation matrix test is generated from this table — so a role cannot gain or lose
 * a power anywhere but here. As in Ghost and Coral: moderators run the discussion, editors write, publish and send
 * the briefing, admins do everything.
 */

export const PERMISSIONS = {
  'moderate-responses': 'Approve, reject and feature responses, decide appeals, suspend and ban readers, read the log',
  'manage-people': 'Give and take staff roles',
  'manage-settings': 'Change the moderation settings',
  'edit-issues': 'Write, correct, publish and unpublish issues and articles',
  'send-issues': 'Send an issue to its subscribers',
  'manage-subscribers': 'See, import and export subscribers',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_PERMISSIONS: Record<UserRole, readonly Permission[]> = {
  reader: [],
  moderator: ['moderate-responses'],
  editor: ['edit-issues', 'send-issues', 'manage-subscribers'],
  admin: Object.keys(PERMISSIONS) as Permission[],
};

export function can(viewer: { role: UserRole } | null | undefined, permission: Permission): boolean {
  return !!viewer && ROLE_PERMISSIONS[viewer.role].includes(permission);
}

export class NotAllowedError extends Error {
  constructor() {
    super('You are not allowed to see this.');
    this.name = 'NotAllowedError';
  }
}

/** Throws unless `viewer` is signed in with a role that has `permission`: what every staff query starts with. */
export function assertCan<Viewer extends { role: UserRole }>(
  viewer: Viewer | null | undefined,
  permission: Permission,
): asserts viewer is Viewer {
  if (!can(viewer, permission)) throw new NotAllowedError();
}
