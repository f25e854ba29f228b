'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { moderationSettings, responseModes, userRoles } from '@/db/schema';
import { guarded, refused } from '@/lib/actions/guard';
import { changedIn } from '@/lib/cache/changes';
import { ADMIN_ROLES, aRole } from './access';
import { actorOf, writeLog } from './log';
import { parseTermList } from './match';
import { returnAddress } from './return-path';
import { changeRole, RoleChangeError } from './roles';
import { readModerationSettings } from './settings';

/** What only admins do: the moderation settings and people's roles. */

// An emptied field is missing, not 0 (z.coerce.number reads '' as 0, which would silently hold every link or no one).
const count = (label: string, min: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ error: `${label}: please enter a whole number.` })
      .int(`${label}: please enter a whole number.`)
      .min(min, `${label}: at least ${min}.`)
      .max(100, `${label}: at most 100.`),
  );

const TERM_MAX = 100;
const terms = (label: string) =>
  z
    .string()
    .max(20_000, `${label}: the list is too long.`)
    .optional()
    .default('')
    .refine(
      (text) => text.split(/[\n,]/).every((term) => term.trim().length <= TERM_MAX),
      `${label}: each entry can be at most ${TERM_MAX} characters.`,
    )
    .transform(parseTermList);

const settingsSchema = z.object({
  defaultResponsesMode: z.enum(responseModes, { error: 'Please choose how new articles take responses.' }),
  holdFirstResponses: count('Responses held from a new reader', 0),
  bannedWords: terms('Banned words'),
  suspectWords: terms('Suspect words'),
  maxLinks: count('Links allowed', 0),
  reportThreshold: count('Reports that hide a response', 1),
});

export const saveSettings = guarded({ access: ADMIN_ROLES, schema: settingsSchema }, async (input, { user, formData }) => {
  const db = await getDb();
  const changed = await db.transaction(async (tx) => {
    const current = await readModerationSettings(tx);
    const keys = Object.keys(input) as (keyof typeof input)[];
    const differs = keys.filter((key) => JSON.stringify(current[key]) !== JSON.stringify(input[key]));
    if (differs.length === 0) return false;
    await tx
      .insert(moderationSettings)
      .values({ id: 1, ...input, updatedAt: new Date() })
      .onConflictDoUpdate({ target: moderationSettings.id, set: { ...input, updatedAt: new Date() } });
    await writeLog(tx, {
      actor: actorOf(user),
      action: 'settings',
      target: { type: 'settings', id: 'moderation' },
      before: Object.fromEntries(differs.map((key) => [key, current[key]])),
      after: Object.fromEntries(differs.map((key) => [key, input[key]])),
    });
    return true;
  });
  if (!changed) return refused('Nothing to save: the settings are as they were.', formData);
  redirect(returnAddress('/admin/settings', 'settings', null));
});

export const setRole = guarded(
  {
    access: ADMIN_ROLES,
    schema: z.object({
      email: z.string({ error: 'Please enter an email address.' }).trim().min(1, 'Please enter an email address.'),
      role: z.enum(userRoles, { error: 'Please choose a role.' }),
      returnTo: z.string().optional(),
    }),
  },
  async (input, { user, formData }) => {
    const db = await getDb();
    let expire = async () => {};
    try {
      const outcome = await db.transaction(async (tx) => {
        const result = await changeRole(tx, actorOf(user), input.email, input.role);
        if (result.changed) expire = await changedIn(tx, result.tags);
        return result;
      });
      if (!outcome.changed) return refused(`${outcome.email} is already ${aRole(input.role)}.`, formData);
    } catch (error) {
      if (error instanceof RoleChangeError) return refused(error.message, formData, { email: error.message });
      throw error;
    }
    await expire();
    redirect(returnAddress(input.returnTo ?? '/admin/people', 'role', null));
  },
);
