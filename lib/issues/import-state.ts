import type { FormState } from '@/lib/actions/guard-state';
import type { ImportOutcome, ImportProblem } from './import';

/**
 * What the issue import form gets back (shared by the action and the client form): the form's state and, once the
 * files were read, either every problem with its file and line (nothing stored) or what each file did.
 */
export type IssueImportReport = { problems: ImportProblem[]; outcomes: ImportOutcome[] };

export type IssueImportState = FormState & { report?: IssueImportReport };
