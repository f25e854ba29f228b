import 'server-only';
import { eq } from 'drizzle-orm';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { users, type UserRole } from '@/db/schema';
import { auth } from './index';

// Where pages and actions have always found them; commands import them from lib/accounts/standing.ts.
export { isSanctioned, sanctionMessage } from '@/lib/accounts/standing';

/** The signed-in reader as pages and actions see them: read from the database on each request, never from a cookie. */
export type CurrentUser = {
  id: string;
  email: string;
  role: UserRole;
  displayName: string | null;
  affiliation: string | null;
  notifyReplies: boolean;
  suspendedUntil: Date | null;
  banned: boolean;
  sanctionReason: string | null;
  createdAt: Date;
};

/** The columns that make a CurrentUser. */
export const currentUserColumns = {
  id: users.id,
  email: users.email,
  role: users.role,
  displayName: users.displayName,
  affiliation: users.affiliation,
  notifyReplies: users.notifyReplies,
  suspendedUntil: users.suspendedUntil,
  banned: users.banned,
  sanctionReason: users.sanctionReason,
  createdAt: users.createdAt,
};

/** Who is signed in, or null. Once per request (React cache), however many components ask. */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const db = await getDb();
  const [user] = await db.select(currentUserColumns).from(users).where(eq(users.id, id));
  return user ?? null;
});
