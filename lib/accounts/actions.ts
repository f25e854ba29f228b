'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { guarded } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { signOut } from '@/lib/auth';
import { changeProfile, deleteOwnAccount } from './own-account';

/** The account page's forms: the work is the commands' (./own-account.ts); signing out is the request's. */

/** Name, organisation and reply emails; a suspended or banned reader may still change reply emails. */
export const saveProfile = guarded(
  {
    access: 'signed-in',
    allowSuspended: true,
    schema: z.object({ displayName: z.string().optional(), affiliation: z.string().optional(), notifyReplies: z.string().optional() }),
  },
  async (input, { user }) => {
    await perform(user, changeProfile, {
      displayName: input.displayName,
      affiliation: input.affiliation,
      notifyReplies: input.notifyReplies === 'on',
    });
    return { status: 'done', message: 'Saved.' };
  },
);

/**
 * Deletes the account. Asked from its own page (/account/delete), with "delete" typed to confirm; then
 * /account/deleted says it is done.
 */
export const deleteAccount = guarded(
  {
    access: 'signed-in',
    allowSuspended: true,
    schema: z.object({ confirm: z.string().refine((value) => value.trim().toLowerCase() === 'delete', 'Type “delete” to confirm.') }),
  },
  async (_input, { user }) => {
    await perform(user, deleteOwnAccount, {});
    await signOut({ redirect: false }).catch(() => {}); // the session row is already gone; this clears the cookie
    redirect('/account/deleted');
  },
);
