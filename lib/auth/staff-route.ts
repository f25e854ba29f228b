import 'server-only';
import { currentUser, type CurrentUser } from './session';
import { can, type Permission } from './permissions';

/** Headers of every staff route's answer: for this person only, never kept by a browser or a proxy. */
export const PRIVATE_HEADERS = { 'Cache-Control': 'private, no-store' } as const;

/**
 * The viewer of a staff route handler (JSON, CSV) with `permission`, or the answer for anyone else: 401 signed out,
 * 403 signed in without it. Route handlers check this themselves: the proxy decides nothing about them.
 */
export async function staffRouteViewer(permission: Permission): Promise<{ viewer: CurrentUser } | { refused: Response }> {
  const viewer = await currentUser();
  if (!viewer)
    return {
      refused: new Response('Sign in to see this.', {
        status: 401,
        headers: { ...PRIVATE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
      }),
    };
  if (!can(viewer, permission))
    return {
      refused: new Response('You are not allowed to see this.', {
        status: 403,
        headers: { ...PRIVATE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
      }),
    };
  return { viewer };
}
