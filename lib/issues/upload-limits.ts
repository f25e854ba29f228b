import { FORM_BODY_LIMIT_BYTES } from '@/lib/http/body-limit';

/**
 * How much one import from the browser takes (/admin/import). Pure, so that the form can check the chosen files
 * before sending them and the action checks them again. An issue file is some 3–30 kB; the limits leave room for
 * a year of issues at once while the whole post stays under the form body limit (lib/http/body-limit.ts, 2 MiB),
 * which proxy.ts enforces for every form: a post over it never reaches the action.
 */
export const UPLOAD_MAX_FILES = 30;
export const UPLOAD_MAX_FILE_BYTES = 256 * 1024;
/** All files together, leaving the multipart headers of every file room under the body limit. */
export const UPLOAD_MAX_TOTAL_BYTES = FORM_BODY_LIMIT_BYTES - 64 * 1024;

export type ChosenFile = { name: string; size: number };

function kilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString('en-GB')} KB`;
}

/** What is wrong with the files chosen, as one message for the file field; null when they may be sent. */
export function uploadProblem(files: readonly ChosenFile[]): string | null {
  if (files.length === 0) return 'Please choose at least one issue file.';
  if (files.length > UPLOAD_MAX_FILES)
    return `That is ${files.length} files; an import takes at most ${UPLOAD_MAX_FILES} at once. Import them in smaller batches.`;
  const empty = files.filter((file) => file.size === 0).map((file) => file.name);
  if (empty.length)
    return `${empty.join(', ')} ${empty.length === 1 ? 'is' : 'are'} empty: an issue file holds at least a date and an article.`;
  const large = files.filter((file) => file.size > UPLOAD_MAX_FILE_BYTES);
  if (large.length)
    return `${large.map((file) => `${file.name} (${kilobytes(file.size)})`).join(', ')}: an issue file may be at most ${kilobytes(UPLOAD_MAX_FILE_BYTES)}. Is it the right file?`;
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > UPLOAD_MAX_TOTAL_BYTES)
    return `The files come to ${kilobytes(total)}; an import takes at most ${kilobytes(UPLOAD_MAX_TOTAL_BYTES)} at once. Import them in smaller batches.`;
  return null;
}
