import { and, eq } from 'drizzle-orm';
import { responses, users } from '@/db/schema';
import { isSanctioned } from '@/lib/auth/session';
import { tagsForResponsesChange } from '@/lib/cache/tags';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';

/**
 * Suspends a reader for some days, bans them, or lifts either; optionally removes their published responses (marked
 * as removed by staff, not by their author). They keep reading — their sessions stay — and are told why and until
 * when whenever they try to take part, which is why a suspension or a ban needs a reason. Staff are never
 * sanctioned, so that a moderator cannot shut out a colleague: an admin makes them a reader first.
 */

export type SanctionKind = 'suspend' | 'ban' | 'lift';

export const MAX_SUSPENSION_DAYS = 365;

/** Refusals the form makes too, before posting, with shorter words beside its fields. */
export const SANCTION_NEEDS_REASON = 'Please give a reason: the reader is told it.';
export const SUSPENSION_NEEDS_DAYS = 'Please choose for how long to suspend.';

export type Sanction = {
  userId: string;
  kind: SanctionKind;
  /** How long a suspension lasts: whole days, from 1 to MAX_SUSPENSION_DAYS. */
  days?: number;
  /** Told to the reader; for a lift, only kept in the log. */
  reason?: string;
  /** Also remove the reader's published responses (not for a lift). */
  removeResponses?: boolean;
};

const DAY = 86_400_000;

/** When a suspension of `days` starting now ends. */
function suspensionEnd(days: number | undefined): Date {
  if (days === undefined || !Number.isInteger(days) || days < 1 || days > MAX_SUSPENSION_DAYS)
    refuse('invalid', SUSPENSION_NEEDS_DAYS, 'days');
  return new Date(Date.now() + days * DAY);
}

export const changeSanction = command('moderate-responses', async (write, input: Sanction) => {
  const { tx } = write;
  const { kind } = input;
  const reason = input.reason ?? '';
  const suspendedUntil = kind === 'suspend' ? suspensionEnd(input.days) : null;
  if (kind !== 'lift' && reason.trim() === '') refuse('invalid', SANCTION_NEEDS_REASON, 'reason');
  const remove = kind !== 'lift' && input.removeResponses === true;
  const [target] = await tx
    .select({ id: users.id, role: users.role, suspendedUntil: users.suspendedUntil, banned: users.banned })
    .from(users)
    .where(eq(users.id, input.userId))
    .for('update');
  if (!target) refuse('not-found', 'This reader does not exist.');
  if (target.role !== 'reader') refuse('conflict', 'Staff cannot be suspended or banned; an admin can make them a reader first.');
  if (kind === 'lift' && !isSanctioned(target)) refuse('conflict', 'This reader is neither suspended nor banned.');
  if (kind === 'ban' && target.banned) refuse('conflict', 'This reader is already banned.');
  const after = {
    banned: kind === 'ban',
    suspendedUntil,
    sanctionReason: kind === 'lift' ? null : reason,
  };
  await tx
    .update(users)
    .set({ ...after, updatedAt: new Date() })
    .where(eq(users.id, target.id));
  const removed = remove
    ? await tx
        .update(responses)
        .set({ status: 'removed', removedBy: 'staff', featured: false, updatedAt: new Date() })
        .where(and(eq(responses.authorId, target.id), eq(responses.status, 'published')))
        .returning({ articleId: responses.articleId })
    : [];
  await write.log({
    action: kind,
    target: { type: 'user', id: target.id },
    subjectId: target.id,
    reason: reason || null,
    before: { banned: target.banned, suspendedUntil: target.suspendedUntil },
    after: { banned: after.banned, suspendedUntil: after.suspendedUntil, ...(remove ? { responsesRemoved: removed.length } : {}) },
  });
  if (removed.length)
    write.expire(
      tagsForResponsesChange(
        removed.map((row) => row.articleId),
        true,
      ),
    );
});
