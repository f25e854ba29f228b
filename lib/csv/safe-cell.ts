import { stringify } from 'csv-stringify/sync';

/**
 * CSV for staff to open in a spreadsheet. A cell that starts with = + - @ (or a tab or carriage return, which some
 * spreadsheets skip before looking for those) is read as a formula — and a formula can fetch URLs or run commands —
 * so such a cell gets a leading apostrophe, which spreadsheets show as text. Every CSV the app writes (the failures
 * of a send, the subscribers export) goes through here.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text, neutralised when a spreadsheet would read it as a formula. */
export function safeCell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A whole CSV document (a header row, then the rows), every cell through safeCell, lines ending CRLF as RFC 4180 says. */
export function safeCsv(
  header: readonly string[],
  rows: Iterable<readonly (string | number | boolean | Date | null | undefined)[]>,
): string {
  const all = [header.map(safeCell), ...[...rows].map((row) => row.map(safeCell))];
  return stringify(all, { record_delimiter: 'windows' });
}
