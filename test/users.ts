import { eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { users } from '@/db/schema';
import { currentUserColumns, type CurrentUser } from '@/lib/auth/session';

let count = 0;

/** Inserts a user (a named reader 10 days old, unless told otherwise) and returns them as the session would. */
export async function insertUser(db: Executor, values: Partial<typeof users.$inferInsert> = {}): Promise<CurrentUser> {
  count += 1;
  const [{ id } = { id: '' }] = await db
    .insert(users)
    .values({
      email: `user-${process.pid}-${count}-${Math.random().toString(36).slice(2, 8)}@example.org`,
      displayName: `Reader ${count}`,
      createdAt: new Date(Date.now() - 10 * 86_400_000),
      ...values,
    })
    .returning({ id: users.id });
  const [user] = await db.select(currentUserColumns).from(users).where(eq(users.id, id));
  return user!;
}
