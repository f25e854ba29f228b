import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { responses, users, type UserRole } from '@/db/schema';
import { normaliseEmail } from '@/lib/accounts/email-address';
import { tagsForRespondentChange } from '@/lib/cache/tags';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { aRole } from './access';

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
  if (!legacy) refuse('invalid', check.error, 'email');
  return legacy.email;
}

/**
 * Gives the account with this address a role (creating the account if there is none yet: it is theirs when they
 * first sign in with the address), and logs it. Shared by the people page and `npm run staff`. Changing a role to
 * the one it is refuses (the form says so; the command line says nothing changed). The staff badge shows on the
 * person's responses, so their articles' responses change.
 */
export const changeRole = command('manage-people', async (write, input: { email: string; role: UserRole }) => {
  const { tx, actor } = write;
  const email = await addressFor(tx, input.email, input.role);
  const [existing] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email)).for('update');
  if (!existing && input.role === 'reader') refuse('not-found', `No account has the address ${email}.`, 'email');
  if (existing?.role === input.role) refuse('conflict', `${email} is already ${aRole(input.role)}.`, 'email');
  if (existing && actor.id === existing.id) refuse('not-allowed', 'You cannot change your own role; ask another admin.', 'email');
  const [person] = existing
    ? await tx.update(users).set({ role: input.role, updatedAt: new Date() }).where(eq(users.id, existing.id)).returning({ id: users.id })
    : await tx.insert(users).values({ email, role: input.role }).returning({ id: users.id });
  await write.log({
    action: 'role',
    target: { type: 'user', id: person!.id },
    subjectId: person!.id,
    before: { role: existing?.role ?? null },
    after: { role: input.role },
  });
  const articles = await tx.selectDistinct({ articleId: responses.articleId }).from(responses).where(eq(responses.authorId, person!.id));
  write.expire(tagsForRespondentChange(articles.map((row) => row.articleId)));
  return { email };
});
