import type { UserRole } from '@/db/schema';

/**
 * Who does a write: a signed-in person, or the operator at the command line, or the app itself (a job). The role
 * is what lib/auth/permissions.ts reads; the name is what the log shows.
 */
export type Actor = { id: string | null; name: string; role: UserRole };

/** `npm run staff` and the other scripts: whoever runs them owns the server, so they may do anything. */
export const COMMAND_LINE: Actor = { id: null, name: 'command line', role: 'admin' };

/** Jobs acting on the app's behalf (a scheduled publish, a clean-up). */
export const SYSTEM: Actor = { id: null, name: 'the system', role: 'admin' };

/**
 * Someone not signed in. Only a command that decides for itself (no permission) and takes no one's things can act
 * for them: keeping a draft response until they sign in. Every command on a reader's own things refuses an actor
 * without an id.
 */
export const VISITOR: Actor = { id: null, name: 'a visitor', role: 'reader' };

export function actorOf(user: { id: string; displayName: string | null; email: string; role: UserRole }): Actor {
  return { id: user.id, name: user.displayName ?? user.email, role: user.role };
}
