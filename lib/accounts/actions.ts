'use server';

import { eq } from 'drizzle-orm';
import { updateTag } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { responses, users } from '@/db/schema';
import { guarded, refused } from '@/lib/actions/guard';
import { signOut } from '@/lib/auth';
import { isSanctioned } from '@/lib/auth/session';
import { announceChanged } from '@/lib/cache/bus';
import { tagsForRespondentChange } from '@/lib/cache/tags';
import { readModerationSettings } from '@/lib/moderation/settings';
import { checkAffiliation, checkDisplayName, tidyLine } from './rules';

/** The articles whose response lists show this reader's name: they change when the name does. */
async function articlesRespondedTo(userId: string): Promise<number[]> {
  const db = await getDb();
  const rows = await db.selectDistinct({ articleId: responses.articleId }).from(responses).where(eq(responses.authorId, userId));
  return rows.map((row) => row.articleId);
}

/**
 * Name, organisation and reply emails. A suspended or banned reader may still change reply emails, but not what
 * is shown beside their responses: a name change is a way round a sanction (and a way to pose as someone new).
 */
export const saveProfile = guarded(
  {
    access: 'signed-in',
    allowSuspended: true,
    schema: z.object({ displayName: z.string().optional(), affiliation: z.string().optional(), notifyReplies: z.string().optional() }),
  },
  async (input, { user, formData }) => {
    const sanctioned = isSanctioned(user);
    if (sanctioned) {
      const changes = [
        ...(input.displayName !== undefined && tidyLine(input.displayName) !== (user.displayName ?? '') ? ['displayName'] : []),
        ...(input.affiliation !== undefined && tidyLine(input.affiliation) !== (user.affiliation ?? '') ? ['affiliation'] : []),
      ];
      if (changes.length) {
        const message = `While your account is ${user.banned ? 'banned' : 'suspended'} you cannot change your name or organisation; you can still change reply emails.`;
        return refused(message, formData, Object.fromEntries(changes.map((field) => [field, message])));
      }
    }
    const db = await getDb();
    const context = { role: user.role, bannedWords: (await readModerationSettings(db)).bannedWords };
    // A sanctioned reader's name and organisation stay as they are (checked above), even if the rules changed since.
    const name = sanctioned ? { ok: true as const, value: user.displayName } : checkDisplayName(input.displayName, context);
    const affiliation = sanctioned ? { ok: true as const, value: user.affiliation } : checkAffiliation(input.affiliation, context);
    const fieldErrors = {
      ...(name.ok ? {} : { displayName: name.error }),
      ...(affiliation.ok ? {} : { affiliation: affiliation.error }),
    };
    if (!name.ok || !affiliation.ok) return refused('Please correct the form.', formData, fieldErrors);
    const articleIds = await articlesRespondedTo(user.id);
    const changedTags = tagsForRespondentChange(articleIds);
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          displayName: name.value,
          affiliation: affiliation.value,
          notifyReplies: input.notifyReplies === 'on',
          updatedAt: new Date(),
        })
        .where(eq(users.id, user.id));
      await announceChanged(tx, changedTags);
    });
    changedTags.forEach((tag) => updateTag(tag));
    return { status: 'done', message: 'Saved.' };
  },
);

/**
 * Deletes the account: the reader's sessions end and their details go; their responses stay, signed "a former
 * reader", so that the conversations they took part in still read. Asked from its own page (/account/delete), with
 * "delete" typed to confirm; then /account/deleted says it is done.
 */
export const deleteAccount = guarded(
  {
    access: 'signed-in',
    allowSuspended: true,
    schema: z.object({ confirm: z.string().refine((value) => value.trim().toLowerCase() === 'delete', 'Type “delete” to confirm.') }),
  },
  async (_input, { user }) => {
    const articleIds = await articlesRespondedTo(user.id);
    const db = await getDb();
    await db.transaction(async (tx) => {
      // Sessions and accounts go with the user (on delete cascade); responses lose their author (set null).
      await tx.delete(users).where(eq(users.id, user.id));
      await announceChanged(tx, tagsForRespondentChange(articleIds));
    });
    tagsForRespondentChange(articleIds).forEach((tag) => updateTag(tag));
    await signOut({ redirect: false }).catch(() => {}); // the session row is already gone; this clears the cookie
    redirect('/account/deleted');
  },
);
