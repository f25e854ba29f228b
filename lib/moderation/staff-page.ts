import 'server-only';
import { redirect } from 'next/navigation';
import { can, type Permission } from '@/lib/auth/permissions';
import { currentUser, type CurrentUser } from '@/lib/auth/session';
import { staffSubjectMissing } from '@/lib/editorial/staff-subjects';
import { signInPath } from '@/lib/routing/sign-in-path';

/**
 * Every staff page, and the permission it needs: read by the pages, the staff menu and proxy.ts (403). A page with
 * a parameter is named as its folder is (`/admin/issues/[date]/send`): each `[name]` stands for one path segment.
 */
export const STAFF_PAGES = {
  '/moderation': 'moderate-responses',
  '/moderation/log': 'moderate-responses',
  '/admin/settings': 'manage-settings',
  '/admin/people': 'manage-people',
  '/admin/subscribers': 'manage-subscribers',
  '/admin/issues': 'edit-issues',
  '/admin/issues/[date]': 'edit-issues',
  '/admin/issues/[date]/send': 'send-issues',
  // The article editor (its preview is not here: to anyone else it is a 404, lib/editorial/preview-page.ts).
  '/admin/articles/[id]': 'edit-issues',
  '/admin/articles/[id]/revisions': 'edit-issues',
  '/admin/issues/[date]/publish': 'edit-issues',
  '/admin/authors': 'edit-issues',
  '/admin/authors/[id]': 'edit-issues',
  '/admin/import': 'edit-issues',
} as const satisfies Record<string, Permission>;

export type StaffPage = keyof typeof STAFF_PAGES;

/** The staff pages without parameters: those a menu can link to as they are. */
export type FixedStaffPage = { [Page in StaffPage]: Page extends `${string}[${string}` ? never : Page }[StaffPage];

function patternOf(page: string): RegExp {
  const source = page
    .split('/')
    .map((segment) => (/^\[[^\]/]+\]$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

const PATTERNS = (Object.keys(STAFF_PAGES) as StaffPage[]).map((page) => ({ page, pattern: patternOf(page) }));

/** Which staff page answers at `pathname` (an address, not a pattern), if one does. */
export function staffPageAt(pathname: string): StaffPage | null {
  return PATTERNS.find(({ pattern }) => pattern.test(pathname))?.page ?? null;
}

export function mayView(viewer: CurrentUser, page: StaffPage): boolean {
  return can(viewer, STAFF_PAGES[page]);
}

/**
 * The viewer of a staff page: sent to sign in (and back to `returnTo`, which a page with a parameter must give: its
 * own address) when signed out, null when signed in without the page's permission (the page then shows why, with
 * status 403: see staffPageStatus). The staff queries check the permission again themselves.
 */
export async function staffViewer(page: StaffPage, returnTo: string = page): Promise<CurrentUser | null> {
  const viewer = await currentUser();
  if (!viewer) redirect(signInPath({ returnTo }));
  return mayView(viewer, page) ? viewer : null;
}

/**
 * For a signed-in viewer of a staff page: 403 without its permission, 404 when the page is about an issue, article
 * or author that is not there; otherwise (and for a signed-out visitor, who is sent to sign in) the page's own.
 */
export async function staffPageStatus(pathname: string): Promise<403 | 404 | null> {
  const page = staffPageAt(pathname);
  if (!page) return null;
  const viewer = await currentUser();
  if (!viewer) return null;
  if (!mayView(viewer, page)) return 403;
  return (await staffSubjectMissing(page, pathname)) ? 404 : null;
}
