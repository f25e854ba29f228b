import { domainToASCII } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { SubscriberStatus } from '@/db/schema';
import { normaliseEmail } from '@/lib/accounts/email-address';

/**
 * Checking a subscriber import before anything is stored. Pure: it is given the file's text, the blocked domains and
 * the statuses of the addresses already known, and says which lines would be added, which are skipped (already on
 * the list in some way: not an error) and which are wrong (the whole import is refused then).
 *
 * The file is CSV: one address a line, or a table whose header row names an "email" column (other columns are
 * ignored). Line numbers are the file's own, as a spreadsheet shows them.
 */

/** The most rows one import takes: a file of this size is checked and written in one transaction. */
export const IMPORT_ROW_LIMIT = 20_000;

export type ImportLine = { line: number; email: string };
export type ImportProblem = ImportLine & { reason: string };

export type ImportCheck = {
  add: ImportLine[];
  skipped: ImportProblem[];
  problems: ImportProblem[];
};

const HEADER_NAMES = new Set(['email', 'e-mail', 'email address', 'e-mail address', 'address', 'mail']);

/** Rows of the CSV with their line numbers; a file that is not CSV at all is one problem on the line where it broke. */
export function readImportRows(text: string): { rows: ImportLine[]; problems: ImportProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = Number((error as { lines?: number }).lines ?? 1);
    return { rows: [], problems: [{ line, email: '', reason: `This line is not valid CSV (${(error as Error).message}).` }] };
  }
  let column = 0;
  const first = records[0]?.record.map((cell) => cell.toLowerCase());
  if (first && !first.some((cell) => cell.includes('@'))) {
    const named = first.findIndex((cell) => HEADER_NAMES.has(cell));
    if (named >= 0 || first.length === 1) {
      column = Math.max(named, 0);
      records = records.slice(1);
    }
  }
  const rows = records
    .map(({ record, info }) => ({ line: info.lines, email: (record[column] ?? '').trim() }))
    .filter((row, index, all) => row.email !== '' || all[index]!.email !== '');
  return { rows, problems: [] };
}

/** Is `domain` (an address's, in its xn-- form) one of `blocked` or under one of them? */
export function isBlockedDomain(domain: string, blocked: readonly string[]): string | undefined {
  return blocked.find((entry) => domain === entry || domain.endsWith(`.${entry}`));
}

const EXISTING: Record<SubscriberStatus, string> = {
  active: 'already subscribed',
  pending: 'already waiting to confirm',
  unsubscribed: 'unsubscribed earlier: not added again without their own request',
  bounced: 'stopped after bounces: not added again',
  complained: 'marked the briefing as spam: not added again',
};

/** The decision on every line. `existing` maps the addresses already stored (in their stored form) to their status. */
export function checkImport(
  rows: readonly ImportLine[],
  options: { blockedDomains: readonly string[]; existing: ReadonlyMap<string, SubscriberStatus> },
): ImportCheck {
  const check: ImportCheck = { add: [], skipped: [], problems: [] };
  const seen = new Map<string, number>();
  if (rows.length > IMPORT_ROW_LIMIT) {
    check.problems.push({
      line: rows[IMPORT_ROW_LIMIT]!.line,
      email: rows[IMPORT_ROW_LIMIT]!.email,
      reason: `An import takes at most ${IMPORT_ROW_LIMIT.toLocaleString('en-GB')} addresses; split the file.`,
    });
    return check;
  }
  for (const { line, email: raw } of rows) {
    const normal = normaliseEmail(raw);
    if (!normal.ok) {
      check.problems.push({ line, email: raw, reason: `Not a usable address: ${normal.error}` });
      continue;
    }
    const email = normal.email;
    const earlier = seen.get(email);
    if (earlier !== undefined) {
      check.problems.push({ line, email: raw, reason: `The same address as line ${earlier}.` });
      continue;
    }
    seen.set(email, line);
    const blocked = isBlockedDomain(email.slice(email.lastIndexOf('@') + 1), options.blockedDomains);
    if (blocked) {
      check.problems.push({ line, email: raw, reason: `Addresses at ${blocked} may not subscribe (blocked domains, below).` });
      continue;
    }
    const status = options.existing.get(email);
    if (status) check.skipped.push({ line, email, reason: EXISTING[status] });
    else check.add.push({ line, email });
  }
  return check;
}

/**
 * A blocked-domain entry as stored: lower case, IDN in its xn-- form, no leading "@" or dot; or an error saying
 * what is wrong with it.
 */
export function normaliseDomain(raw: string): { ok: true; domain: string } | { ok: false; error: string } {
  const text = raw
    .trim()
    .replace(/^@/, '')
    .replace(/^\*?\./, '')
    .replace(/\.$/, '');
  const ascii = domainToASCII(text.normalize('NFKC').toLowerCase());
  const labels = ascii.split('.');
  const valid =
    ascii !== '' &&
    ascii.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) &&
    !/^\d+$/.test(labels.at(-1)!);
  if (!valid) return { ok: false, error: `“${raw.trim()}” is not a domain name like example.com.` };
  return { ok: true, domain: ascii };
}
