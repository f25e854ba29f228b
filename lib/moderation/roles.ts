import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { responses, users, type UserRole } from '@/db/schema';
import { tags } from '@/lib/cache/tags';
import { writeLog, type Actor } from './log';

export class RoleChangeError extends Error {}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Gives the account with this address a role (creating the account if there is none yet: it is theirs when they
 * first sign in with the address), and logs it. Shared by the people page and `npm run staff`. Returns the tags
 * to expire: the staff badge shows on the person's responses.
 */
export async function changeRole(tx: Tx, actor: Actor, rawEmail: string, role: UserRole): Promise<{ changed: boolean; tags: string[] }> {
  const email = rawEmail.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw new RoleChangeError(`“${rawEmail}” is not an email address.`);
  const [existing] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email)).for('update');
  if (!existing && role === 'reader') throw new RoleChangeError(`No account has the address ${email}.`);
  if (existing?.role === role) return { changed: false, tags: [] };
  if (existing && actor.id === existing.id) throw new RoleChangeError('You cannot change your own role; ask another admin.');
  const [person] = existing
    ? await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, existing.id)).returning({ id: users.id })
    : await tx.insert(users).values({ email, role }).returning({ id: users.id });
  await writeLog(tx, {
    actor,
    action: 'role',
    target: { type: 'user', id: person!.id },
    subjectId: person!.id,
    before: { role: existing?.role ?? null },
    after: { role },
  });
  const articles = await tx.selectDistinct({ articleId: responses.articleId }).from(responses).where(eq(responses.authorId, person!.id));
  return { changed: true, tags: articles.map((row) => tags.responses(row.articleId)) };
}
