'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { guarded } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { clientNetwork } from '@/lib/http/client';
import { FORM_SOURCES } from './consent';
import { STAMP_FIELD, TRAP_FIELD } from './form-stamp';
import { confirmSubscription, subscribe, subscribeSignedIn } from './subscribe';

/** The subscribe forms' actions: the work, the checks and the answers are the commands' (./subscribe.ts). */

/** The email form (on /subscribe, under articles, in the footer): the same answer for every address. */
export const requestSubscription = guarded(
  {
    access: 'anyone',
    allowSuspended: true,
    schema: z.object({
      email: z.string({ error: 'Please enter your email address, like name@example.org.' }).max(1000, 'That address is too long.'),
      source: z.enum(FORM_SOURCES),
      [STAMP_FIELD]: z.string().max(200).optional(),
      [TRAP_FIELD]: z.string().max(1000).optional(),
    }),
  },
  async (input, { user }) => {
    const { answer } = await perform(user, subscribe, {
      email: input.email,
      source: input.source,
      stamp: input[STAMP_FIELD] ?? '',
      trap: input[TRAP_FIELD] ?? '',
      network: await clientNetwork(),
    });
    return { status: 'done', message: answer };
  },
);

/** A signed-in reader's one button: subscribed at once, with the address they sign in with. */
export const subscribeWithAccount = guarded(
  { access: 'signed-in', allowSuspended: true, schema: z.object({ returnTo: z.string().optional() }) },
  async (_input, { user }) => {
    const { email, already } = await perform(user, subscribeSignedIn, {});
    return {
      status: 'done',
      message: already ? `You already receive the briefing at ${email}.` : `Subscribed: the briefing will be emailed to ${email}.`,
    };
  },
);

/** The button on the page the confirmation email links to; then that page says the subscription is active. */
export const confirmEmailSubscription = guarded(
  {
    access: 'anyone',
    allowSuspended: true,
    schema: z.object({ subscriber: z.string().max(20), token: z.string().max(200) }),
  },
  async (input, { user }) => {
    await perform(user, confirmSubscription, { subscriber: input.subscriber, token: input.token });
    redirect(`/subscribe/confirm?${new URLSearchParams({ subscriber: input.subscriber, token: input.token })}`);
  },
);
