'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { idField as id, optionalIdField as optionalId } from '@/lib/actions/fields';
import { guarded } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { refuse } from '@/lib/commands/refusal';
import { clientNetwork } from '@/lib/http/client';
import { signInPath } from '@/lib/routing/sign-in-path';
import { keepDraft } from './draft-store';
import { draftOfThisBrowser, forgetDraft, rememberDraft } from './drafts';
import { editOwnResponse, removeOwnResponse } from './own';
import { addResponse } from './post';
import { checkBody } from './rules';

/**
 * Posting, editing and removing responses, from their forms. Every function here is a public endpoint, so each goes
 * through `guarded` (who, may they, is the form valid) and hands the rest to a command — the article takes
 * responses, the response is the reader's own, the edit window is open, the limits, the rules (./post.ts, ./own.ts)
 * — keeping here only what belongs to the request: the draft's cookie and where to go next. (A reply's
 * email is a job the command queues in its transaction: ./reply-notification.ts.)
 */

const postSchema = z.object({
  articleId: id,
  replyToId: optionalId,
  body: z.string({ error: 'Please write your response.' }),
  displayName: z.string().optional(),
  draftId: z.string().optional(),
});

/**
 * Posts a response (or a reply). A reader who is not signed in, or has no name yet, keeps the text as a draft and
 * is sent to sign in (or to choose a name), then comes back to post it.
 */
export const postResponse = guarded({ access: 'anyone', schema: postSchema }, async (input, { user }) => {
  // The commands check the text too; checked here first, text that could never be posted costs anyone no database work.
  const body = checkBody(input.body);
  if (!body.ok) refuse('invalid', body.error, 'body');
  if (!user || (!user.displayName && input.displayName === undefined)) {
    const draft = await perform(user, keepDraft, {
      articleId: input.articleId,
      replyToId: input.replyToId ?? null,
      body: input.body,
      network: await clientNetwork(),
      replacing: await draftOfThisBrowser(),
    });
    await rememberDraft(draft.id);
    redirect(user ? '/responses/resume' : signInPath({ returnTo: '/responses/resume', reason: 'respond' }));
  }

  const posted = await perform(user, addResponse, {
    articleId: input.articleId,
    replyToId: input.replyToId,
    body: input.body,
    displayName: input.displayName,
    draftId: input.draftId ? await draftOfThisBrowser() : null,
  });
  if (input.draftId) await forgetDraft();

  redirect(
    posted.status === 'published' ? `${posted.article.path}#response-${posted.id}` : `/responses/${posted.id}?posted=${posted.status}`,
  );
});

/** Changes one's own response, within 15 minutes of posting it; it is then marked "edited". */
export const editResponse = guarded(
  { access: 'signed-in', schema: z.object({ responseId: id, body: z.string({ error: 'Please write your response.' }) }) },
  async (input, { user }) => {
    const edited = await perform(user, editOwnResponse, input);
    redirect(
      edited.status === 'published' ? `${edited.articlePath}#response-${edited.id}` : `/responses/${edited.id}?posted=${edited.status}`,
    );
  },
);

/**
 * Removes one's own response. Only from its confirmation page (/responses/<id>/delete), whose form carries
 * `confirm=yes`: a delete is never one click away.
 */
export const deleteResponse = guarded(
  { access: 'signed-in', schema: z.object({ responseId: id, confirm: z.string().optional() }) },
  async (input, { user }) => {
    if (input.confirm !== 'yes')
      refuse('invalid', 'Please confirm: use “Delete it” on the page that asks whether to delete this response.');
    const removed = await perform(user, removeOwnResponse, { responseId: input.responseId });
    redirect(`${removed.articlePath}#responses`);
  },
);
