'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { idField } from '@/lib/actions/fields';
import { guarded } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { isIssueDate } from '@/lib/issues/dates';
import { addArticle, moveArticle, removeArticle } from './issue-articles';
import { createIssue, updateIssue } from './issues';
import { editorialPaths } from './paths';

/**
 * The issues list's and issue editor's forms: each a thin action that runs one of lib/editorial's commands as the
 * signed-in editor and says where to go next. The commands check everything that matters; the schemas only turn
 * the form's strings into the commands' input.
 */

const dateField = z.string({ error: 'Please enter the issue’s date.' }).trim().min(1, 'Please enter the issue’s date.');
/** Empty: no number. Otherwise digits only (the command checks the range). */
const numberField = z
  .string()
  .trim()
  .default('')
  .refine((text) => /^\d{0,9}$/.test(text), 'The number must be a whole number, such as 42, or left empty.')
  .transform((text) => (text === '' ? null : Number(text)));
const summaryField = z.string().default('');
const issueFields = { date: dateField, number: numberField, summary: summaryField };
/** The date of the issue the form is on: where to go back to. */
const onIssue = z.string().refine(isIssueDate, 'Please choose an issue.');

export const createNewIssue = guarded({ access: 'edit-issues', schema: z.object(issueFields) }, async (input, { user }) => {
  const created = await perform(user, createIssue, input);
  redirect(`${editorialPaths.issue(created.date)}?done=issue-created#results`);
});

export const saveIssueDetails = guarded(
  { access: 'edit-issues', schema: z.object({ issueId: idField, ...issueFields }) },
  async (input, { user }) => {
    const saved = await perform(user, updateIssue, input);
    redirect(`${editorialPaths.issue(saved.date)}?done=issue-saved#results`);
  },
);

export const addArticleToIssue = guarded({ access: 'edit-issues', schema: z.object({ issueId: idField }) }, async (input, { user }) => {
  const added = await perform(user, addArticle, input);
  redirect(editorialPaths.article(added.articleId));
});

export const removeDraftArticle = guarded(
  {
    access: 'edit-issues',
    schema: z.object({
      articleId: idField,
      issue: onIssue,
      confirm: z.literal('yes', { error: 'Please confirm that the draft should be removed for good.' }),
    }),
  },
  async (input, { user }) => {
    await perform(user, removeArticle, { articleId: input.articleId });
    redirect(`${editorialPaths.issue(input.issue)}?done=article-removed#results`);
  },
);

export const moveArticleInIssue = guarded(
  {
    access: 'edit-issues',
    schema: z.object({ articleId: idField, direction: z.enum(['up', 'down']), from: z.coerce.number().int().positive(), issue: onIssue }),
  },
  async (input, { user }) => {
    const moved = await perform(user, moveArticle, { articleId: input.articleId, direction: input.direction, from: input.from });
    // Back to the row that moved, on the same button while it can still be pressed (the other one at an end), so
    // that pressing again moves it further: the fragment focuses it without JavaScript, `moved` with it.
    const atEnd = input.direction === 'up' ? moved.position === 1 : moved.position === moved.count;
    const button = atEnd ? (input.direction === 'up' ? 'down' : 'up') : input.direction;
    const target = `move-${input.articleId}-${button}`;
    redirect(`${editorialPaths.issue(input.issue)}?done=article-moved&moved=${input.articleId}&focus=${target}#${target}`);
  },
);
