import 'server-only';
import { redirect } from 'next/navigation';
import { can, type Permission } from '@/lib/auth/permissions';
import { currentUser, type CurrentUser } from '@/lib/auth/session';
import { signInPath } from '@/lib/routing/sign-in-path';

/** Every staff page, and the permission it needs: read by the pages, the staff menu and proxy.ts (403). */
export const STAFF_PAGES = {
  '/moderation': 'moderate-responses',
  '/moderation/log': 'moderate-responses',
  '/admin/settings': 'manage-settings',
  '/admin/people': 'manage-people',
  '/admin/subscribers': 'manage-subscribers',
} as const satisfies Record<string, Permission>;

export type StaffPage = keyof typeof STAFF_PAGES;

export function mayView(viewer: CurrentUser, page: StaffPage): boolean {
  return can(viewer, STAFF_PAGES[page]);
}

/**
 * The viewer of a staff page: sent to sign in (and back to `returnTo`) when signed out, null when signed in without
 * the page's permission (the page then shows why, with status 403: see staffPageStatus). The staff queries check the
 * permission again themselves.
 */
export async function staffViewer(page: StaffPage, returnTo: string = page): Promise<CurrentUser | null> {
  const viewer = await currentUser();
  if (!viewer) redirect(signInPath({ returnTo }));
  return mayView(viewer, page) ? viewer : null;
}

/** 403 when `pathname` is a staff page and the viewer is signed in without its permission; otherwise the page's own. */
export async function staffPageStatus(pathname: string): Promise<403 | null> {
  if (!Object.hasOwn(STAFF_PAGES, pathname)) return null;
  const viewer = await currentUser();
  return viewer && !mayView(viewer, pathname as StaffPage) ? 403 : null;
}
