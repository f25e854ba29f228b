'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { idField as id } from '@/lib/actions/fields';
import { guarded } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { textField } from '@/lib/text/field';
import { lodgeAppeal } from './appeals';
import { REPORT_REASONS } from './reasons';
import { fileReport } from './reports';

/** What readers do about moderation: report a response (reports.ts), appeal the rejection of their own (appeals.ts). */

const reportSchema = z.object({
  responseId: id,
  reason: z.enum(Object.keys(REPORT_REASONS) as [keyof typeof REPORT_REASONS], { error: 'Please choose what is wrong with it.' }),
  note: textField({ label: 'The note', max: 500, tooLong: 'Please keep it to 500 characters.' }),
});

/** Reports a published response; a suspended or banned reader may not. */
export const reportResponse = guarded({ access: 'signed-in', schema: reportSchema }, async (input, { user }) => {
  await perform(user, fileReport, input);
  redirect(`/responses/${input.responseId}/report?sent=1`);
});

/** Appeals the rejection of one's own response, once, with a note. Open to a suspended reader too. */
export const appealRejection = guarded(
  {
    access: 'signed-in',
    allowSuspended: true,
    schema: z.object({
      responseId: id,
      note: textField({
        label: 'The note',
        max: 1000,
        tooLong: 'Please keep it to 1,000 characters.',
        required: 'Please say why it should be published.',
      }),
    }),
  },
  async (input, { user }) => {
    await perform(user, lodgeAppeal, input);
    redirect(`/responses/${input.responseId}?appealed=1`);
  },
);
