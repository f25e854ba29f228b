import type { UserRole } from '@/db/schema';
import { isStaffRole } from '@/lib/moderation/access';
import { matchingTerms, normaliseForMatching } from '@/lib/moderation/match';
import type { ModerationSettings } from '@/lib/moderation/rules';
import { digitsAsLetters, foldConfusables, visibleWords } from '@/lib/text/confusables';
import { hiddenIn, hiddenMessage } from '@/lib/text/invisible';
import { staffTitleIn } from './staff-names';

/**
 * What a reader may call themself, and the organisation they sign with. Both are shown beside every response, so
 * both are one line of visible text (NFC, spaces tidied; no controls, direction overrides, invisible characters or
 * stacked marks), free of the banned words, and — for readers — not posing as staff. Pure.
 *
 * Suspect words are allowed in names: they hold a response so that a moderator can judge it in context, and a name
 * has no queue to wait in; refusing them would turn away real names that happen to be on the list (the
 * "Scunthorpe" problem). Moderators see the name beside every response they review.
 */

export type Checked = { ok: true; value: string | null } | { ok: false; error: string };

/** Who is naming themself, and the lists in force. */
export type NameContext = { role: UserRole; bannedWords: ModerationSettings['bannedWords'] };

export const DISPLAY_NAME_MAX = 60;
export const AFFILIATION_MAX = 100;

/** One line as it will be stored: NFC, trimmed, runs of spaces as one. */
export function tidyLine(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** A single-word term as a skeleton ("Idiot" → "idiot"), or null for a phrase. */
function wordSkeleton(term: string): string | null {
  if (normaliseForMatching(term).trim().includes(' ')) return null;
  return digitsAsLetters(foldConfusables(term)).replace(/[^\p{L}]+/gu, '') || null;
}

/**
 * The banned terms `text` uses: as typed, through look-alikes ("Іdiot" with a Cyrillic І, "1diot"), or spelt out
 * ("I d i o t", "Id-iot"), as the staff titles are found.
 */
function bannedIn(text: string, bannedWords: readonly string[]): string[] {
  const folded = foldConfusables(text);
  const words = visibleWords(text);
  const found = new Set([
    ...matchingTerms(text, bannedWords),
    ...matchingTerms(folded, bannedWords),
    ...matchingTerms(digitsAsLetters(folded), bannedWords),
    ...bannedWords.filter((term) => words.has(wordSkeleton(term) ?? '')),
  ]);
  return [...found];
}

type Field = { what: string; max: number; required: boolean; isOrganisation: boolean };

function checkLine(raw: unknown, field: Field, context: NameContext): Checked {
  const What = `${field.what[0]!.toUpperCase()}${field.what.slice(1)}`;
  // Tabs and line breaks (pasted in) are spaces to be tidied; the other invisible characters are checked before
  // tidying, as some (U+FEFF) count as spaces and would otherwise vanish unseen.
  const given = typeof raw === 'string' ? raw.replace(/[\t\r\n]/g, ' ') : '';
  const hidden = hiddenIn(given);
  if (hidden) return { ok: false, error: hiddenMessage(hidden, What) };
  const value = tidyLine(given);
  if (!value) return field.required ? { ok: false, error: `Please enter ${field.what}.` } : { ok: true, value: null };
  const length = [...value].length;
  if (length > field.max) return { ok: false, error: `${What} may be at most ${field.max} characters (this is ${length}).` };
  if (!/[\p{L}\p{N}]/u.test(value)) return { ok: false, error: `${What} needs at least one letter or digit.` };
  const banned = bannedIn(value, context.bannedWords);
  if (banned.length) return { ok: false, error: `${What} uses words that are not allowed here: ${banned.join(', ')}.` };
  const title = isStaffRole(context.role) ? null : staffTitleIn(value, { abbreviations: !field.isOrganisation });
  if (title) {
    return {
      ok: false,
      error: `${What} may not present you as the site’s staff (it reads as “${title}”). Please choose another.`,
    };
  }
  return { ok: true, value };
}

export function checkDisplayName(raw: unknown, context: NameContext): Checked {
  return checkLine(raw, { what: 'your name', max: DISPLAY_NAME_MAX, required: true, isOrganisation: false }, context);
}

/**
 * The organisation, held to the same rules: "Site Staff" or "Moderator" beside a name poses as much as the name
 * would. The field asks for an organisation, not a job title, so "The Lancet" rather than "Editor, The Lancet".
 * ("MoD" is allowed here: it is the Ministry of Defence far more often than a moderator.)
 */
export function checkAffiliation(raw: unknown, context: NameContext): Checked {
  return checkLine(raw, { what: 'your organisation', max: AFFILIATION_MAX, required: false, isOrganisation: true }, context);
}
