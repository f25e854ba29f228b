import { isIssueDate } from './dates';

/**
 * The keyset cursor of an author's article list: the last article shown, as "<issue date>.<article id>"
 * (2010-09-15.42). Pure, so the proxy can tell a malformed one (400) from a query (which must never see one).
 */
export type AuthorCursor = { date: string; id: number };

export function formatAuthorCursor(cursor: AuthorCursor): string {
  return `${cursor.date}.${cursor.id}`;
}

/** The cursor, or null when the text is not one we could have written (including impossible dates). */
export function parseAuthorCursor(text: string | null): AuthorCursor | null {
  const match = text ? /^(\d{4}-\d{2}-\d{2})\.(\d{1,9})$/.exec(text) : null;
  return match && isIssueDate(match[1]!) ? { date: match[1]!, id: Number(match[2]) } : null;
}
