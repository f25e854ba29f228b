'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { emailAddressField } from '@/lib/accounts/email-address';
import { guarded } from '@/lib/actions/guard';
import { clientNetwork } from '@/lib/http/client';
import { signOut } from './index';
import { safeReturnPath } from '@/lib/routing/return-path';
import { sendSignInLink } from './sign-in-link';

/**
 * Asks for a sign-in link. Known and unknown addresses get the same answer (a link is sent either way; the account
 * is made when it is used), so the form reveals nothing about who reads here. Limited per address and per network.
 */
export const requestSignIn = guarded(
  {
    access: 'anyone',
    allowSuspended: true,
    schema: z.object({
      // The same rules Auth.js applies (normalizeIdentifier), so the limits count the address as it will be stored.
      email: emailAddressField,
      callbackUrl: z.string().optional(),
    }),
  },
  async (input) => {
    await sendSignInLink({ email: input.email, callbackPath: safeReturnPath(input.callbackUrl), network: await clientNetwork() });
    redirect('/signin/check-email');
  },
);

/** Ends this session (the database row goes, so the cookie is worthless at once). */
export const signOutAction = guarded({ access: 'signed-in', allowSuspended: true, schema: z.object({}) }, async () => {
  await signOut({ redirectTo: '/' });
  return { status: 'done' };
});
