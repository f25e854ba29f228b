import type { FormState } from '@/lib/actions/guard-state';
import type { ImportProblem } from './import-check';

/**
 * What the import form gets back (shared by the action and the client form): the form's state and, once a file
 * was checked, the report on its lines.
 */
export type ImportReport = { problems: ImportProblem[]; skipped: ImportProblem[]; checked: number; added?: number };

export type ImportState = FormState & { report?: ImportReport };

/**
 * The largest file the import takes: a little under the form body limit (lib/http/body-limit.ts, 2 MiB), which
 * also carries the form's other fields. About 50 000 addresses; an import takes at most IMPORT_ROW_LIMIT rows.
 */
export const IMPORT_FILE_LIMIT_BYTES = 2_000_000;
