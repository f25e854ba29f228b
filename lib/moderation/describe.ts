import type { ResponseMode } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import { ROLE_NAMES } from './access';
import { HOLD_REASONS, REJECTION_NAMES } from './reasons';

/**
 * The moderation log in words. Entries store codes (a rejection's reason code, `heldFor: first-responses`,
 * `mode: premoderated`) so that they can be filtered and never change meaning; staff read them through these.
 * Pure: the log page and the tests call them alike.
 */

export const MODE_NAMES: Record<ResponseMode, string> = { open: 'Open', premoderated: 'Premoderated', closed: 'Closed' };

const STATUS_WORDS: Record<string, string> = {
  published: 'published',
  pending: 'awaiting review',
  rejected: 'rejected',
  removed: 'removed',
};

const APPEAL_WORDS: Record<string, string> = { open: 'open', upheld: 'rejection kept', overturned: 'overturned' };

type Field = { name: string; words?: (value: unknown) => string | undefined };

const named = (names: Record<string, string>) => (value: unknown) => (typeof value === 'string' ? names[value] : undefined);
const yesNo = (value: unknown) => (typeof value === 'boolean' ? (value ? 'yes' : 'no') : undefined);
const lowerCase = (names: Record<string, string>) => (value: unknown) => named(names)(value)?.toLowerCase();
const asPhrase = (sentence: string | undefined) => sentence && sentence.charAt(0).toLowerCase() + sentence.slice(1).replace(/\.$/, '');

/** What each key of an entry's before/after means, and how its values read. */
const FIELDS: Record<string, Field> = {
  status: { name: 'Status', words: named(STATUS_WORDS) },
  // The hold reasons are the queue's sentences; here they end a phrase ("Held because: the article is …").
  heldFor: { name: 'Held because', words: (value) => asPhrase(named(HOLD_REASONS)(value)) },
  openReports: { name: 'Open reports' },
  featured: { name: 'Featured', words: yesNo },
  appeal: { name: 'Appeal', words: named(APPEAL_WORDS) },
  banned: { name: 'Banned', words: yesNo },
  suspendedUntil: {
    name: 'Suspended until',
    words: (value) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? formatDateTime(new Date(value)) : undefined),
  },
  responsesRemoved: { name: 'Published responses removed' },
  mode: { name: 'Responses', words: lowerCase(MODE_NAMES) },
  role: { name: 'Role', words: lowerCase(ROLE_NAMES) },
  defaultResponsesMode: { name: 'New articles take responses', words: lowerCase(MODE_NAMES) },
  holdFirstResponses: { name: 'First responses held' },
  bannedWords: { name: 'Banned words' },
  suspectWords: { name: 'Suspect words' },
  maxLinks: { name: 'Links allowed' },
  reportThreshold: { name: 'Reports that hide a response' },
  subscription: { name: 'Subscription' },
  blockedEmailDomains: { name: 'Blocked email domains' },
  added: { name: 'Added' },
  skipped: { name: 'Skipped' },
  exported: { name: 'Exported' },
  consent: { name: 'Consent' },
};

function valueInWords(field: Field | undefined, value: unknown): string {
  if (value === undefined || value === null) return '—';
  const words = field?.words?.(value);
  if (words) return words;
  if (Array.isArray(value)) return value.join(', ') || '(none)';
  return String(value);
}

/** "Status: awaiting review → published", one line per value that an entry records. */
export function describeChanges(before: unknown, after: unknown): string[] {
  const from = (before ?? {}) as Record<string, unknown>;
  const to = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  return keys.map((key) => {
    const field = FIELDS[key];
    return `${field?.name ?? key}: ${valueInWords(field, from[key])} → ${valueInWords(field, to[key])}`;
  });
}

/**
 * An entry's reason in words. A moderator's rejection is stored as its reason code, then the note ("spam: Selling
 * sheds"); every other reason is already words (a moderator's note, or what the rules found) and is shown as it is.
 */
export function describeReason(action: string, reason: string | null): string | null {
  if (!reason || action !== 'reject') return reason;
  const split = reason.indexOf(': ');
  const code = split === -1 ? reason : reason.slice(0, split);
  if (!(code in REJECTION_NAMES)) return reason;
  const name = REJECTION_NAMES[code as keyof typeof REJECTION_NAMES];
  return split === -1 ? name : `${name}: ${reason.slice(split + 2)}`;
}
