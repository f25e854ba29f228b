import { z } from 'zod';
import { responseModes, type ResponseMode } from '@/db/schema';
import { textField } from '@/lib/text/field';

/**
 * An article as the editor edits it: the fields a save stores, a revision keeps and an autosave holds. One shape
 * for all three, so that comparing the editor's text with the article's or a revision's is comparing like with like.
 */
export type ArticleFields = {
  title: string;
  /** Empty: made from the title on save. */
  slug: string;
  standfirst: string;
  body: string;
  invitation: string;
  /** Null for a draft without an author yet, or when `newAuthorName` names one to create. */
  authorId: number | null;
  /** A new author to create with the save (the author select's "a new author" choice). */
  newAuthorName: string;
  responsesMode: ResponseMode;
  responsesNote: string;
};

/** The longest article body: about ten times the longest in the archive, and far under what a form post may carry. */
export const MAX_BODY = 100_000;

/** The fields a save compares, names in its log entry and shows in a diff, in the order the form has them. */
export const FIELD_LABELS = {
  title: 'Title',
  slug: 'Address (slug)',
  standfirst: 'Standfirst',
  authorId: 'Author',
  body: 'Body',
  invitation: 'Closing invitation',
  responsesMode: 'Responses',
  responsesNote: 'Note on responses',
} as const satisfies Partial<Record<keyof ArticleFields, string>>;

export type ComparedField = keyof typeof FIELD_LABELS;
export const COMPARED_FIELDS = Object.keys(FIELD_LABELS) as ComparedField[];

/** The fields of the form, as the editor's actions read them (the version and the article's id are beside them). */
export const articleFieldsSchema = z.object({
  title: textField({ label: 'The title', max: 300, tooLong: 'Please keep the title to 300 characters.', required: 'Please give a title.' }),
  slug: textField({ label: 'The address', max: 80, tooLong: 'Please keep the address to 80 characters.' }),
  standfirst: textField({ label: 'The standfirst', max: 1000, tooLong: 'Please keep the standfirst to 1,000 characters.' }),
  body: textField({ label: 'The body', max: MAX_BODY, tooLong: `Please keep the body to ${MAX_BODY.toLocaleString('en-GB')} characters.` }),
  invitation: textField({ label: 'The invitation', max: 1000, tooLong: 'Please keep the invitation to 1,000 characters.' }),
  // '' (no author yet), 'new' (the name field below), or an author's id.
  author: z
    .string()
    .optional()
    .transform((value) => value ?? '')
    .refine((value) => value === '' || value === 'new' || /^[1-9]\d{0,9}$/.test(value), 'Please choose an author from the list.'),
  newAuthorName: textField({ label: 'The new author’s name', max: 120, tooLong: 'Please keep the name to 120 characters.' }),
  responsesMode: z.enum(responseModes, { error: 'Please choose how the article takes responses.' }),
  responsesNote: textField({ label: 'The note', max: 500, tooLong: 'Please keep the note to 500 characters.' }),
});

export type ArticleForm = z.infer<typeof articleFieldsSchema>;

/** The form's fields as a command takes them. */
export function fieldsOfForm(form: ArticleForm): ArticleFields {
  return {
    title: form.title,
    slug: form.slug,
    standfirst: form.standfirst,
    body: form.body,
    invitation: form.invitation,
    authorId: form.author === '' || form.author === 'new' ? null : Number(form.author),
    newAuthorName: form.author === 'new' ? form.newAuthorName : '',
    responsesMode: form.responsesMode,
    responsesNote: form.responsesNote,
  };
}

/** A stored article's or revision's fields (a null note is an empty one). */
export function fieldsOfRow(row: Omit<ArticleFields, 'newAuthorName' | 'responsesNote'> & { responsesNote: string | null }): ArticleFields {
  return {
    title: row.title,
    slug: row.slug,
    standfirst: row.standfirst,
    body: row.body,
    invitation: row.invitation,
    authorId: row.authorId,
    newAuthorName: '',
    responsesMode: row.responsesMode,
    responsesNote: row.responsesNote ?? '',
  };
}

/** An autosave's stored fields, read back defensively: the JSON was written by this code, but may predate a field. */
export function fieldsOfAutosave(stored: unknown, fallback: ArticleFields): ArticleFields {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<keyof ArticleFields, unknown>>;
  const text = (key: keyof ArticleFields) => (typeof value[key] === 'string' ? (value[key] as string) : (fallback[key] as string));
  const mode = responseModes.find((known) => known === value.responsesMode) ?? fallback.responsesMode;
  return {
    title: text('title'),
    slug: text('slug'),
    standfirst: text('standfirst'),
    body: text('body'),
    invitation: text('invitation'),
    authorId: typeof value.authorId === 'number' || value.authorId === null ? (value.authorId as number | null) : fallback.authorId,
    newAuthorName: text('newAuthorName'),
    responsesMode: mode,
    responsesNote: text('responsesNote'),
  };
}

/** The fields in which `a` and `b` differ (a new author's name counts as a change of author). */
export function changedFields(a: ArticleFields, b: ArticleFields): ComparedField[] {
  return COMPARED_FIELDS.filter((field) =>
    field === 'authorId' ? a.authorId !== b.authorId || a.newAuthorName !== b.newAuthorName : a[field] !== b[field],
  );
}
