'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { guarded } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { config } from '@/lib/config';
import { refuse } from '@/lib/commands/refusal';
import { isIssueDate } from '@/lib/issues/dates';
import { sendPagePath } from './send-page-path';
import { sendTestBriefing } from './test-send';
import { zonedProblemMessage, zonedTimeToInstant } from './zoned-time';

/**
 * The send page's forms (/admin/issues/<date>/send): each a thin action that runs one of lib/sending's commands as
 * the signed-in editor and goes back to the page saying what was done. The page's address comes from the issue's
 * date, which the form carries beside the ids the commands take.
 */

const issueDate = z.string().refine(isIssueDate, 'Please choose an issue.');
const id = (what: string) => z.coerce.number({ error: `Please choose ${what}.` }).int().positive(`Please choose ${what}.`);

function back(date: string, done: string): never {
  redirect(`${sendPagePath(date)}?done=${done}#results`);
}

export const sendTestCopy = guarded(
  { access: 'send-issues', schema: z.object({ issueId: id('an issue'), date: issueDate }) },
  async (input, { user }) => {
    await perform(user, sendTestBriefing, { issueId: input.issueId });
    back(input.date, 'test-sent');
  },
);
