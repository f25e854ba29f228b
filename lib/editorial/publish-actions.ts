'use server';

import { z } from 'zod';
import { guarded } from '@/lib/actions/guard';
import { backTo, chosenId, issueDate, onIssue, type GoBack } from '@/lib/actions/issue-page-forms';
import { perform } from '@/lib/actions/perform';
import { refuse } from '@/lib/commands/refusal';
import { config } from '@/lib/config';
import { zonedProblemMessage, zonedTimeToInstant } from '@/lib/sending/zoned-time';
import { publishPaths } from './publish-path';
import {
  cancelSchedule,
  publishArticle,
  publishIssue,
  republishArticle,
  scheduleIssue,
  UNPUBLISHED_NOTE_MAX,
  unpublishArticle,
} from './publishing';

/**
 * The publish page's forms (/admin/issues/<date>/publish): each a thin action that runs one of publishing.ts's
 * commands as the signed-in editor and goes back to the page saying what was done. The page's address comes from
 * the issue's date, which each form carries beside the id its command takes.
 */

const onArticle = z.object({ articleId: chosenId('an article'), date: issueDate });
const back: GoBack = backTo(publishPaths.page);

export const publishIssueNow = guarded(
  {
    access: 'edit-issues',
    schema: onIssue.extend({
      // The tick box "and send it to N subscribers now", and the N the page showed.
      send: z.literal('yes').optional(),
      audienceSeen: z.coerce.number().int().min(0).optional(),
    }),
  },
  async (input, { user }) => {
    const send = input.send === 'yes' ? { audienceSeen: input.audienceSeen ?? 0 } : undefined;
    await perform(user, publishIssue, { issueId: input.issueId, send });
    back(input.date, send ? 'published-sending' : 'published');
  },
);

export const scheduleIssuePublish = guarded(
  {
    access: 'edit-issues',
    schema: onIssue.extend({
      day: z.string({ error: 'Please enter the day.' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Please enter the day, like 2026-12-24.'),
      time: z.string({ error: 'Please enter the time.' }).regex(/^\d{2}:\d{2}$/, 'Please enter the time, like 09:00.'),
    }),
  },
  async (input, { user }) => {
    const zone = config().SITE_TIME_ZONE;
    const at = zonedTimeToInstant(`${input.day}T${input.time}`, zone);
    if (!at.ok) refuse('invalid', zonedProblemMessage(at.problem, zone), 'at');
    await perform(user, scheduleIssue, { issueId: input.issueId, at: at.at });
    back(input.date, at.ambiguous ? 'publish-scheduled-early-hour' : 'publish-scheduled');
  },
);

export const cancelIssueSchedule = guarded({ access: 'edit-issues', schema: onIssue }, async (input, { user }) => {
  await perform(user, cancelSchedule, { issueId: input.issueId });
  back(input.date, 'publish-unscheduled');
});

export const publishOneArticle = guarded({ access: 'edit-issues', schema: onArticle }, async (input, { user }) => {
  await perform(user, publishArticle, { articleId: input.articleId });
  back(input.date, 'article-published');
});

export const unpublishOneArticle = guarded(
  {
    access: 'edit-issues',
    schema: onArticle.extend({
      note: z
        .string({ error: 'Please write a short note for readers.' })
        .trim()
        .min(1, 'Please write a short note for readers who follow a link to it.')
        .max(UNPUBLISHED_NOTE_MAX, `Please keep the note to ${UNPUBLISHED_NOTE_MAX} characters.`),
    }),
  },
  async (input, { user }) => {
    await perform(user, unpublishArticle, { articleId: input.articleId, note: input.note });
    back(input.date, 'article-unpublished');
  },
);

export const republishOneArticle = guarded({ access: 'edit-issues', schema: onArticle }, async (input, { user }) => {
  await perform(user, republishArticle, { articleId: input.articleId });
  back(input.date, 'article-republished');
});
