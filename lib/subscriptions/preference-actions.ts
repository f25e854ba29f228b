'use server';

import { refresh } from 'next/cache';
import { z } from 'zod';
import { idField } from '@/lib/actions/fields';
import { guarded, type FormState } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { unfollowAll, unfollowArticle } from '@/lib/follows/commands';
import { readUnsubscribeLink, type UnsubscribeLink } from '@/lib/mail/unsubscribe';
import { BAD_LINK } from './authority';
import { setReplyEmails } from './preferences';
import { resubscribe, unsubscribe } from './unsubscribe';

/**
 * The preferences page's forms (app/(reader)/email). Open to anyone, because a link from an email works without
 * signing in: each form carries the link's purpose, id and token, or nothing when the reader is signed in, and
 * the commands decide what that may change (./authority.ts). Sanctioned readers may change their emails too.
 * Each refreshes the page, which shows the new settings.
 */

const linkFields = { purpose: z.string().optional(), id: z.string().optional(), token: z.string().optional() };
const yesNo = z.enum(['yes', 'no'], { error: 'Choose on or off.' });

type LinkFields = { purpose?: string; id?: string; token?: string };

/** The link the form carries, if any; a half link is refused rather than mistaken for the signed-in reader. */
function linkOf(input: LinkFields): UnsubscribeLink | undefined {
  if (!input.purpose && !input.id && !input.token) return undefined;
  const link = readUnsubscribeLink({ purpose: input.purpose, id: input.id, token: input.token });
  if (!link) throw new LinkError();
  return link;
}

class LinkError extends Error {}

async function done(message: string, work: () => Promise<unknown>): Promise<FormState> {
  try {
    await work();
  } catch (error) {
    if (error instanceof LinkError) return { status: 'error', message: BAD_LINK };
    throw error;
  }
  refresh();
  return { status: 'done', message };
}

/** The briefing on (at once: see resubscribe) or off. */
export const changeBriefing = guarded(
  { access: 'anyone', allowSuspended: true, schema: z.object({ ...linkFields, subscribe: yesNo }) },
  async (input, { user }) =>
    done(input.subscribe === 'yes' ? 'You are subscribed to the briefing.' : 'You are unsubscribed from the briefing.', () =>
      perform(user, input.subscribe === 'yes' ? resubscribe : unsubscribe, { link: linkOf(input) }),
    ),
);

export const changeReplyEmails = guarded(
  { access: 'anyone', allowSuspended: true, schema: z.object({ ...linkFields, notify: yesNo }) },
  async (input, { user }) =>
    done(input.notify === 'yes' ? 'Reply emails are on.' : 'Reply emails are off.', () =>
      perform(user, setReplyEmails, { link: linkOf(input), on: input.notify === 'yes' }),
    ),
);

export const unfollowFromPreferences = guarded(
  { access: 'anyone', allowSuspended: true, schema: z.object({ ...linkFields, articleId: idField }) },
  async (input, { user }) =>
    done('You no longer follow that article.', () => perform(user, unfollowArticle, { link: linkOf(input), articleId: input.articleId })),
);

export const unfollowEverything = guarded(
  { access: 'anyone', allowSuspended: true, schema: z.object(linkFields) },
  async (input, { user }) => done('You follow no articles now.', () => perform(user, unfollowAll, { link: linkOf(input) })),
);
