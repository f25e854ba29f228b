/**
 * Text that cannot be what the reader meant: a NUL byte (PostgreSQL text refuses it, so it would end as a 500), or
 * bytes that were not valid UTF-8 — the request decoder turns those into U+FFFD, and a client that builds its own
 * request can send lone UTF-16 surrogates, which cannot be encoded at all. Pure; used by `guarded` for every form
 * value and by the pages that read text from the address (search).
 */

export type Unreadable = 'nul' | 'invalid-utf8';

// A surrogate not paired with its other half; a well-formed pair is one astral character and is fine.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unreadableIn(text: string): Unreadable | null {
  if (text.includes('\u0000')) return 'nul';
  if (text.includes('\uFFFD') || LONE_SURROGATE.test(text)) return 'invalid-utf8';
  return null;
}

/** What to tell the person who typed it; `what` names the field ("your response", "the search"). */
export function unreadableMessage(problem: Unreadable, what = 'this field'): string {
  const subject = `${what[0]!.toUpperCase()}${what.slice(1)}`;
  return problem === 'nul'
    ? `${subject} contains a NUL character (U+0000), which is not allowed in text. Please remove it.`
    : `Part of ${what} could not be read (it was not valid UTF-8). Please retype the garbled part.`;
}

/** The first text value of a submitted form that cannot be read, with its field name. */
export function firstUnreadableField(formData: FormData): { field: string; problem: Unreadable } | null {
  for (const [field, value] of formData) {
    // Next's own fields ($ACTION_…) are not the reader's text; files are not text.
    if (typeof value !== 'string' || field.startsWith('$')) continue;
    const problem = unreadableIn(value);
    if (problem) return { field, problem };
  }
  return null;
}

/** The first problem among the values of an address's query (a parameter given twice arrives as a list). */
export function unreadableAmong(values: readonly (string | readonly string[] | undefined)[]): Unreadable | null {
  for (const value of values.flat()) {
    const problem = value === undefined ? null : unreadableIn(value);
    if (problem) return problem;
  }
  return null;
}
