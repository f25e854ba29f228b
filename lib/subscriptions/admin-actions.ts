'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { guarded, type FormState } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { refuse } from '@/lib/commands/refusal';
import { returnAddress } from '@/lib/moderation/return-path';
import { unreadableIn, unreadableMessage } from '@/lib/text/unreadable';
import { changeBlockedDomains, importSubscriberList, unsubscribeSubscriber } from './admin';
import { IMPORT_FILE_LIMIT_BYTES, type ImportState } from './import-state';

/** The subscribers page's forms: thin wrappers that hand the work to the commands in ./admin.ts. */

export const importSubscribers = guarded(
  {
    access: 'manage-subscribers',
    schema: z.object({
      file: z.instanceof(File, { error: 'Please choose a CSV file.' }),
      mode: z.enum(['confirm', 'consented'], { error: 'Please choose how these people agreed to receive the briefing.' }),
      note: z.string().max(1000, 'The note can be at most 1,000 characters.').optional().default(''),
    }),
  },
  async (input, { user }): Promise<FormState> => {
    if (input.file.size === 0) refuse('invalid', 'Please choose a CSV file (the one chosen is empty).', 'file');
    if (input.file.size > IMPORT_FILE_LIMIT_BYTES)
      refuse('invalid', `The file is too large: an import takes at most ${IMPORT_FILE_LIMIT_BYTES / 1_000_000} MB. Split it.`, 'file');
    let csv: string;
    try {
      csv = new TextDecoder('utf-8', { fatal: true }).decode(await input.file.arrayBuffer());
    } catch {
      refuse('invalid', 'The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8” and try again.', 'file');
    }
    const unreadable = unreadableIn(csv);
    if (unreadable) refuse('invalid', unreadableMessage(unreadable, 'the file'), 'file');

    const result = await perform(user, importSubscriberList, { csv, mode: input.mode, note: input.note });
    const state: ImportState =
      result.outcome === 'refused'
        ? {
            status: 'error',
            message: `Nothing was imported: ${result.problems.length} ${result.problems.length === 1 ? 'line has a problem' : 'lines have problems'}. Correct the file and import it again.`,
            values: { mode: input.mode, note: input.note },
            report: { problems: result.problems, skipped: result.skipped, checked: result.checked },
          }
        : {
            status: 'done',
            message: `Imported ${result.added} ${result.added === 1 ? 'address' : 'addresses'}${input.mode === 'confirm' ? ', waiting for them to confirm' : ''}; ${result.skipped.length} skipped.`,
            report: { problems: [], skipped: result.skipped, checked: result.checked, added: result.added },
          };
    return state;
  },
);

export const saveBlockedDomains = guarded(
  {
    access: 'manage-subscribers',
    schema: z.object({ domains: z.string().max(50_000, 'The list is too long.').optional().default('') }),
  },
  async (input, { user }) => {
    await perform(user, changeBlockedDomains, { domains: input.domains.split(/[\n,]/) });
    redirect(returnAddress('/admin/subscribers', 'domains', null));
  },
);

export const unsubscribeByStaff = guarded(
  {
    access: 'manage-subscribers',
    schema: z.object({
      subscriberId: z.coerce.number().int().positive(),
      returnTo: z.string().optional(),
    }),
  },
  async (input, { user }) => {
    await perform(user, unsubscribeSubscriber, { subscriberId: input.subscriberId });
    redirect(returnAddress(input.returnTo ?? '/admin/subscribers', 'unsubscribed', null));
  },
);
