'use server';

import { z } from 'zod';
import { guarded } from '@/lib/actions/guard';
import { backTo, chosenId, issueDate, onIssue, type GoBack } from '@/lib/actions/issue-page-forms';
import { perform } from '@/lib/actions/perform';
import { refuse } from '@/lib/commands/refusal';
import { config } from '@/lib/config';
import { startConfirmedSend } from './audience-check';
import {
  cancelScheduledSend,
  cancelSend,
  confirmLateSend,
  pauseSend,
  resendUncertain,
  resumeSend,
  retryFailed,
  scheduleSend,
} from './commands';
import { sendPagePath } from './send-page-path';
import { sendTestBriefing } from './test-send';
import { zonedProblemMessage, zonedTimeToInstant } from './zoned-time';

/**
 * The send page's forms (/admin/issues/<date>/send): each a thin action that runs one of lib/sending's commands as
 * the signed-in editor and goes back to the page saying what was done. The page's address comes from the issue's
 * date, which each form carries beside the id its command takes.
 */

const confirmed = (message: string) => z.literal('yes', { error: message });

const onSend = z.object({ sendId: chosenId('a send'), date: issueDate });
const back: GoBack = backTo(sendPagePath);

export const sendTestCopy = guarded({ access: 'send-issues', schema: onIssue }, async (input, { user }) => {
  await perform(user, sendTestBriefing, { issueId: input.issueId });
  back(input.date, 'test-sent');
});

export const sendToSubscribers = guarded(
  {
    access: 'send-issues',
    schema: onIssue.extend({
      audienceSeen: z.coerce.number().int().min(0),
      confirm: confirmed('Please tick the box to confirm that this issue should go to every active subscriber now.'),
    }),
  },
  async (input, { user }) => {
    await perform(user, startConfirmedSend, { issueId: input.issueId, audienceSeen: input.audienceSeen });
    back(input.date, 'sending');
  },
);

export const scheduleSending = guarded(
  { access: 'send-issues', schema: onIssue.extend({ at: z.string({ error: 'Please enter a date and time.' }).max(40) }) },
  async (input, { user }) => {
    const zone = config().SITE_TIME_ZONE;
    const at = zonedTimeToInstant(input.at, zone);
    if (!at.ok) refuse('invalid', zonedProblemMessage(at.problem, zone), 'at');
    await perform(user, scheduleSend, { issueId: input.issueId, at: at.at });
    back(input.date, at.ambiguous ? 'scheduled-early-hour' : 'scheduled');
  },
);

export const unscheduleSending = guarded({ access: 'send-issues', schema: onSend }, async (input, { user }) => {
  await perform(user, cancelScheduledSend, { sendId: input.sendId });
  back(input.date, 'unscheduled');
});

export const confirmLateSending = guarded({ access: 'send-issues', schema: onSend }, async (input, { user }) => {
  await perform(user, confirmLateSend, { sendId: input.sendId });
  back(input.date, 'sending');
});

export const pauseSending = guarded({ access: 'send-issues', schema: onSend }, async (input, { user }) => {
  await perform(user, pauseSend, { sendId: input.sendId });
  back(input.date, 'paused');
});

export const resumeSending = guarded({ access: 'send-issues', schema: onSend }, async (input, { user }) => {
  await perform(user, resumeSend, { sendId: input.sendId });
  back(input.date, 'resumed');
});

export const cancelSending = guarded(
  { access: 'send-issues', schema: onSend.extend({ confirm: confirmed('Please tick the box to confirm that sending should stop.') }) },
  async (input, { user }) => {
    await perform(user, cancelSend, { sendId: input.sendId });
    back(input.date, 'send-cancelled');
  },
);

export const retryFailedDeliveries = guarded({ access: 'send-issues', schema: onSend }, async (input, { user }) => {
  await perform(user, retryFailed, { sendId: input.sendId });
  back(input.date, 'retrying');
});

export const resendUncertainDeliveries = guarded(
  {
    access: 'send-issues',
    schema: onSend.extend({ confirm: confirmed('Please tick the box: some of these subscribers may get the issue twice.') }),
  },
  async (input, { user }) => {
    await perform(user, resendUncertain, { sendId: input.sendId });
    back(input.date, 'resending');
  },
);
