'use server';

import { z } from 'zod';
import { guarded, type FormState } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { refuse } from '@/lib/commands/refusal';
import { importIssues } from './import-command';
import type { IssueImportState } from './import-state';
import { uploadProblem } from './upload-limits';

/** The import page's form (/admin/import): the uploaded files handed to the importIssues command. */

export const importIssueUploads = guarded(
  // The files are read from the form itself: a schema sees one value per name, and the field holds several.
  { access: 'edit-issues', schema: z.object({}) },
  async (_input, { user, formData }): Promise<FormState> => {
    // A file field left empty still sends one nameless, empty file.
    const files = formData.getAll('files').filter((value): value is File => value instanceof File && (value.name !== '' || value.size > 0));
    const problem = uploadProblem(files);
    if (problem) refuse('invalid', problem, 'files');
    const uploaded = await Promise.all(
      files.map(async (file) => ({ name: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()) })),
    );

    const result = await perform(user, importIssues, { files: uploaded });
    const state: IssueImportState =
      result.outcome === 'refused'
        ? {
            status: 'error',
            message: `Nothing was imported: ${result.problems.length === 1 ? 'a file has a problem' : `${result.problems.length} problems`}. Correct the ${files.length === 1 ? 'file' : 'files'} and import again.`,
            report: { problems: result.problems, outcomes: [] },
          }
        : { status: 'done', message: importedMessage(result.outcomes), report: { problems: [], outcomes: result.outcomes } };
    return state;
  },
);

function importedMessage(outcomes: { result: 'created' | 'updated' | 'unchanged' }[]): string {
  const count = (result: string) => outcomes.filter((outcome) => outcome.result === result).length;
  return `Imported ${outcomes.length} ${outcomes.length === 1 ? 'file' : 'files'}: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged.`;
}
