/**
 * Issue dates: calendar days without a time or zone, kept as ISO strings ('2010-09-15') everywhere — in the
 * database (a `date` column), in URLs and in keyset cursors — and spelt out only for readers.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const WEEKDAYS = ['sun', 'mon', 'tues', 'wednes', 'thurs', 'fri', 'satur'];
const WEEKDAY = `(?:(${WEEKDAYS.join('|')})day,?\\s+)?`;
const MONTH_NAME = '([a-z]+)\\.?';
const MONTH_FIRST = new RegExp(`^${WEEKDAY}${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})$`, 'i');
const DAY_FIRST = new RegExp(`^${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_NAME},?\\s+(\\d{4})$`, 'i');
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "September", "Sep" and "Sept" are all month 9. */
function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase();
  const index = MONTHS.findIndex((month) => {
    const full = month.toLowerCase();
    return lower === full || lower === full.slice(0, 3) || (lower === 'sept' && full === 'september');
  });
  return index === -1 ? undefined : index + 1;
}

/** The ISO date, if it is a real day — and, when a weekday is written too, that day's weekday. */
function toIso(year: number, month: number, day: number, weekday?: string): string | undefined {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  if (weekday && WEEKDAYS[probe.getUTCDay()] !== weekday.toLowerCase()) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads a date as the organisation writes it ("September 15, 2010", "15 September 2010", "Wednesday,
 * September 15, 2010", "2010-09-15") and returns it as ISO, or undefined if it is not a real calendar day (or
 * the weekday written beside it is wrong, a sign that the date is mistyped).
 */
export function parseIssueDate(text: string): string | undefined {
  const value = text.trim().replace(/\s+/g, ' ');
  let match = ISO.exec(value);
  if (match) return toIso(Number(match[1]), Number(match[2]), Number(match[3]));
  match = MONTH_FIRST.exec(value);
  if (match) {
    const month = monthNumber(match[2]!);
    return month ? toIso(Number(match[4]), month, Number(match[3]), match[1]) : undefined;
  }
  match = DAY_FIRST.exec(value);
  if (match) {
    const month = monthNumber(match[3]!);
    return month ? toIso(Number(match[4]), month, Number(match[2]), match[1]) : undefined;
  }
  return undefined;
}

/** The URL form of a date: exactly YYYY-MM-DD and a real day. */
export function isIssueDate(value: string): boolean {
  return ISO.test(value) && parseIssueDate(value) === value;
}

/** "15 September 2010" */
export function formatIssueDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}
