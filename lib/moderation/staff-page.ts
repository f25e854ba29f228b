import 'server-only';
import { redirect } from 'next/navigation';
import type { UserRole } from '@/db/schema';
import { currentUser, type CurrentUser } from '@/lib/auth/session';
import { signInPath } from '@/lib/routing/sign-in-path';
import { ADMIN_ROLES, STAFF_ROLES } from './access';

/** Every staff page, and who may see it: read by the pages and by proxy.ts, which answers 403 for them. */
export const STAFF_PAGES = {
  '/moderation': STAFF_ROLES,
  '/moderation/log': STAFF_ROLES,
  '/admin/people': ADMIN_ROLES,
  '/admin/settings': ADMIN_ROLES,
} as const satisfies Record<string, readonly UserRole[]>;

export type StaffPage = keyof typeof STAFF_PAGES;

function mayView(viewer: CurrentUser, page: StaffPage): boolean {
  return (STAFF_PAGES[page] as readonly UserRole[]).includes(viewer.role);
}

/**
 * The viewer of a staff page: sent to sign in (and back to `returnTo`) when signed out, null when signed in without
 * the page's role (the page then shows why, with status 403: see staffPageStatus). The staff queries check the role
 * again themselves.
 */
export async function staffViewer(page: StaffPage, returnTo: string = page): Promise<CurrentUser | null> {
  const viewer = await currentUser();
  if (!viewer) redirect(signInPath({ returnTo }));
  return mayView(viewer, page) ? viewer : null;
}

/** 403 when `pathname` is a staff page and the viewer is signed in without its role; otherwise the page's own. */
export async function staffPageStatus(pathname: string): Promise<403 | null> {
  if (!Object.hasOwn(STAFF_PAGES, pathname)) return null;
  const viewer = await currentUser();
  return viewer && !mayView(viewer, pathname as StaffPage) ? 403 : null;
}
