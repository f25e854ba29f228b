'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { responseModes, userRoles } from '@/db/schema';
import { guarded } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { parseTermList } from './match';
import { returnAddress } from './return-path';
import { changeRole } from './roles';
import { changeSettings } from './settings';

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

export const saveSettings = guarded({ access: 'manage-settings', schema: settingsSchema }, async (input, { user }) => {
  await perform(user, changeSettings, input);
  redirect(returnAddress('/admin/settings', 'settings', null));
});

export const setRole = guarded(
  {
    access: 'manage-people',
    schema: z.object({
      email: z.string({ error: 'Please enter an email address.' }).trim().min(1, 'Please enter an email address.'),
      role: z.enum(userRoles, { error: 'Please choose a role.' }),
      returnTo: z.string().optional(),
    }),
  },
  async (input, { user }) => {
    await perform(user, changeRole, { email: input.email, role: input.role });
    redirect(returnAddress(input.returnTo ?? '/admin/people', 'role', null));
  },
);
