import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { responses, users } from '@/db/schema';
import { tagsForRespondentChange } from '@/lib/cache/tags';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { readModerationSettings } from '@/lib/moderation/settings';
import { signedInReader } from './reader';
import { checkAffiliation, checkDisplayName, tidyLine } from './rules';
import { isSanctioned } from './standing';

/** A reader's own account: what it shows beside their responses, the emails it gets, and its end. */

/** The response lists that show this reader's name: they change when the name does, or goes. */
async function listsShowingReader(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx.selectDistinct({ articleId: responses.articleId }).from(responses).where(eq(responses.authorId, userId));
  return tagsForRespondentChange(rows.map((row) => row.articleId));
}

export type Profile = {
  /** As typed (tidied and checked here); absent, for a form without the field, is the same as empty. */
  displayName?: string;
  affiliation?: string;
  notifyReplies: boolean;
};

/**
 * Name, organisation and reply emails. A suspended or banned reader may still change reply emails, but not what is
 * shown beside their responses: a name change is a way round a sanction (and a way to pose as someone new).
 */
export const changeProfile = command(null, async (write, input: Profile) => {
  const reader = await signedInReader(write, { whileSanctioned: true });
  const sanctioned = isSanctioned(reader);
  if (sanctioned) {
    // The form sends the name and organisation as they are: spaced differently is still the same.
    const changed = (['displayName', 'affiliation'] as const).filter(
      (field) => input[field] !== undefined && tidyLine(input[field]) !== (reader[field] ?? ''),
    );
    if (changed.length)
      refuse(
        'not-allowed',
        `While your account is ${reader.banned ? 'banned' : 'suspended'} you cannot change your name or organisation; you can still change reply emails.`,
        changed[0],
      );
  }
  const context = { role: reader.role, bannedWords: (await readModerationSettings(write.tx)).bannedWords };
  // A sanctioned reader's name and organisation stay as they are (checked above), even if the rules changed since.
  const name = sanctioned ? { ok: true as const, value: reader.displayName } : checkDisplayName(input.displayName, context);
  if (!name.ok) refuse('invalid', name.error, 'displayName');
  const affiliation = sanctioned ? { ok: true as const, value: reader.affiliation } : checkAffiliation(input.affiliation, context);
  if (!affiliation.ok) refuse('invalid', affiliation.error, 'affiliation');
  await write.tx
    .update(users)
    .set({ displayName: name.value, affiliation: affiliation.value, notifyReplies: input.notifyReplies, updatedAt: new Date() })
    .where(eq(users.id, reader.id));
  write.expire(await listsShowingReader(write.tx, reader.id));
});

/**
 * Deletes the reader's account: their sessions and sign-in accounts go with it (on delete cascade), and their
 * responses stay, signed "a former reader" (their author set null), so that the conversations they took part in
 * still read. A suspended or banned reader may delete theirs too.
 */
export const deleteOwnAccount = command(null, async (write) => {
  const reader = await signedInReader(write, { whileSanctioned: true });
  const lists = await listsShowingReader(write.tx, reader.id);
  await write.tx.delete(users).where(eq(users.id, reader.id));
  write.expire(lists);
});
