'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { guarded, refused } from '@/lib/actions/guard';
import { SIGN_IN_RULES } from '@/lib/ratelimit/rules';
import { hit } from '@/lib/ratelimit/store';
import { safeReturnPath } from '@/lib/routing/return-path';
import { signIn, signOut } from './index';

/**
 * Asks for a sign-in link. Known and unknown addresses get the same answer (a link is sent either way; the account
 * is made when it is used), so the form reveals nothing about who reads here. Limited per address and per network.
 */
export const requestSignIn = guarded(
  {
    access: 'anyone',
    allowSuspended: true,
    schema: z.object({
      email: z
        .string()
        .trim()
        .toLowerCase()
        .max(254, 'That address is too long.')
        .pipe(z.email({ error: 'Please enter your email address, like name@example.org.' })),
      callbackUrl: z.string().optional(),
    }),
  },
  async (input, { formData }) => {
    const client = (await headers()).get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
    const verdict = await hit(await getDb(), [SIGN_IN_RULES.perAddress(input.email), SIGN_IN_RULES.perClient(client)]);
    if (!verdict.ok) return refused(verdict.message, formData);
    const redirectTo = safeReturnPath(input.callbackUrl);
    try {
      await signIn('nodemailer', { email: input.email, redirectTo, redirect: false });
    } catch (error) {
      console.error('Could not send a sign-in link:', error);
      return refused('We could not send the email just now. Please try again in a few minutes.', formData);
    }
    redirect('/signin/check-email');
  },
);

/** Ends this session (the database row goes, so the cookie is worthless at once). */
export const signOutAction = guarded({ access: 'signed-in', allowSuspended: true, schema: z.object({}) }, async () => {
  await signOut({ redirectTo: '/' });
  return { status: 'done' };
});
