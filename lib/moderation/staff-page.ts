import 'server-only';
import { redirect } from 'next/navigation';
import type { UserRole } from '@/db/schema';
import { currentUser, type CurrentUser } from '@/lib/auth/session';

/**
 * The viewer of a staff page: sent to sign in when signed out, null when signed in without one of `roles` (the
 * page then answers 403). The staff queries check the role again themselves.
 */
export async function staffViewer(roles: readonly UserRole[], path: string): Promise<CurrentUser | null> {
  const viewer = await currentUser();
  if (!viewer) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  return roles.includes(viewer.role) ? viewer : null;
}
