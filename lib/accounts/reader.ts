import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Write } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { isSanctioned, sanctionMessage } from './standing';

/**
 * The reader a command on their own things acts for, read afresh in the command's transaction. Such a command has
 * no permission to check (a reader acts on what is theirs), so it starts here: an actor without an id — a visitor,
 * the command line, a job — has nothing of their own, and a suspended or banned reader may only do what
 * `whileSanctioned` allows (as the form's guard says, so that a script or a job is held to the same rules).
 */
export async function signedInReader(write: Write, { whileSanctioned = false } = {}) {
  const { id } = write.actor;
  const [reader] = id
    ? await write.tx
        .select({
          id: users.id,
          role: users.role,
          displayName: users.displayName,
          affiliation: users.affiliation,
          createdAt: users.createdAt,
          suspendedUntil: users.suspendedUntil,
          banned: users.banned,
          sanctionReason: users.sanctionReason,
        })
        .from(users)
        .where(eq(users.id, id))
    : [];
  if (!reader) refuse('not-allowed', 'Only a signed-in reader can do that.');
  if (!whileSanctioned && isSanctioned(reader)) refuse('not-allowed', sanctionMessage(reader));
  return reader;
}
