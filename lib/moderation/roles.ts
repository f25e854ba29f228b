import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { responses, users, type UserRole } from '@/db/schema';
import { normaliseEmail } from '@/lib/accounts/email-address';
import { tagsForRespondentChange } from '@/lib/cache/tags';
import { writeLog, type Actor } from './log';

export class RoleChangeError extends Error {}

/**
 * The address a role change is about, as sign-in stores it (so the role lands on the account that address signs
 * in to). An address normaliseEmail refuses — a look-alike — is never given a role; but an account stored under
 * one before the rules existed may still be made a reader again, named exactly as stored, so that a look-alike
 * that got a role can lose it.
 */
async function addressFor(tx: Tx, rawEmail: string, role: UserRole): Promise<string> {
  const check = normaliseEmail(rawEmail);
  if (check.ok) return check.email;
  const stored = rawEmail.trim();
  const [legacy] = role === 'reader' && stored ? await tx.select({ email: users.email }).from(users).where(eq(users.email, stored)) : [];
  if (!legacy) throw new RoleChangeError(check.error);
  return legacy.email;
}

/**
 * Gives the account with this address a role (creating the account if there is none yet: it is theirs when they
 * first sign in with the address), and logs it. Shared by the people page and `npm run staff`. Returns the tags
 * to expire (the staff badge shows on the person's responses) and the address as stored.
 */
export async function changeRole(
  tx: Tx,
  actor: Actor,
  rawEmail: string,
  role: UserRole,
): Promise<{ changed: boolean; tags: string[]; email: string }> {
  const email = await addressFor(tx, rawEmail, role);
  const [existing] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email)).for('update');
  if (!existing && role === 'reader') throw new RoleChangeError(`No account has the address ${email}.`);
  if (existing?.role === role) return { changed: false, tags: [], email };
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
  return { changed: true, tags: tagsForRespondentChange(articles.map((row) => row.articleId)), email };
}
