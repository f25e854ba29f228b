import { parseAuthorCursor } from '@/lib/issues/cursors';
import { SLUG_PATTERN } from '@/lib/issues/slug';

/**
 * Which reading addresses are well-formed. A malformed one (/issues/yesterday, /issues/2010-09-15/Hello%20World)
 * is answered 400 with a page saying what the address should look like; a well-formed one that names nothing
 * is the page's own 404. Pure, so every case is unit-tested.
 */

export type AddressProblem = { kind: 'date' | 'slug' | 'cursor' | 'author'; value: string };

/** Where proxy.ts sends malformed addresses, and the request header that tells the page what was wrong. */
export const BAD_ADDRESS_PAGE = '/bad-address';
export const ADDRESS_PROBLEM_HEADER = 'x-briefings-address-problem';

/** The problem the proxy found, read back from its header; anything else is no problem we know of. */
export function readAddressProblem(header: string | null): AddressProblem | null {
  try {
    const value: unknown = header ? JSON.parse(header) : null;
    if (typeof value !== 'object' || value === null) return null;
    const { kind, value: text } = value as Record<string, unknown>;
    return typeof kind === 'string' && kind in ADDRESS_HELP && typeof text === 'string'
      ? { kind: kind as AddressProblem['kind'], value: text }
      : null;
  } catch {
    return null;
  }
}

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function findAddressProblem(pathname: string): AddressProblem | null {
  const [section, first, second, third, ...rest] = pathname.split('/').filter(Boolean).map(decoded);
  if (section === 'issues' && first !== undefined) {
    if (first === 'before') {
      if (second !== undefined && second !== 'now' && !DATE_SHAPE.test(second)) return { kind: 'cursor', value: second };
      return null;
    }
    if (first !== 'latest' && !DATE_SHAPE.test(first)) return { kind: 'date', value: first };
    if (second !== undefined && third === undefined && !SLUG_PATTERN.test(second)) return { kind: 'slug', value: second };
    return null;
  }
  if (section === 'authors' && first !== undefined) {
    if (!SLUG_PATTERN.test(first)) return { kind: 'author', value: first };
    if (second === 'before' && third !== undefined && rest.length === 0 && !parseAuthorCursor(third))
      return { kind: 'cursor', value: third };
  }
  return null;
}

/** What a well-formed address looks like, per problem. */
export const ADDRESS_HELP: Record<AddressProblem['kind'], string> = {
  date: 'Issues are found by their date, written year-month-day: /issues/2010-09-15.',
  slug: 'Articles are found by their issue’s date and a name made of lower-case letters, digits and hyphens: /issues/2010-09-15/we-should-value-local-diversity.',
  cursor: 'This looks like a link to a later page of a list, but its position is not one we wrote. Start again from the first page.',
  author: 'Authors are found by a name made of lower-case letters, digits and hyphens: /authors/stian-westlake.',
};

/** The largest id a row can have (ids are PostgreSQL integers). */
export const MAX_ROW_ID = 2 ** 31 - 1;

/**
 * A row's id as written in an address or a query parameter (/responses/12, ?article=3), or null when it cannot be
 * one — so that a page answers 404 rather than asking the database for a number it cannot hold.
 */
export function rowIdOf(text: string | undefined | null): number | null {
  if (!text || !/^[1-9]\d{0,9}$/.test(text)) return null;
  const id = Number(text);
  return id <= MAX_ROW_ID ? id : null;
}
