import 'server-only';
import { eq } from 'drizzle-orm';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { users, type UserRole } from '@/db/schema';
import { auth } from './index';

/** The signed-in reader as pages and actions see them: read from the database on each request, never from a cookie. */
export type CurrentUser = {
  id: string;
  email: string;
  role: UserRole;
  displayName: string | null;
  affiliation: string | null;
  notifyReplies: boolean;
  suspendedUntil: Date | null;
  createdAt: Date;
};

/** Who is signed in, or null. Once per request (React cache), however many components ask. */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const db = await getDb();
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      displayName: users.displayName,
      affiliation: users.affiliation,
      notifyReplies: users.notifyReplies,
      suspendedUntil: users.suspendedUntil,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, id));
  return user ?? null;
});

export function isSuspended(user: Pick<CurrentUser, 'suspendedUntil'>, now = Date.now()): boolean {
  return user.suspendedUntil !== null && user.suspendedUntil.getTime() > now;
}
