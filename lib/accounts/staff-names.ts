import { visibleWords } from '@/lib/text/confusables';

/**
 * Names that pose as the site's staff. A reader called "Admin" or "Site Moderator" would be read as speaking for
 * the site, so readers may not take such a name; staff may (their responses carry the staff badge anyway). The
 * titles are matched as whole words of the name's skeleton (lib/text/confusables.ts), so "ADMIN", "Adm1n", "Аdmin"
 * with a Cyrillic А, "A d m i n", "Ad-min" and "the moderator" are caught, while names that merely contain the
 * letters — "Admiral Jones", "Staffordshire", "Modesty Blaise", "Editha", "Edith Moderan" — are not. Pure.
 */

const STAFF_TITLES = new Set([
  'admin',
  'admins',
  'administrator',
  'administrators',
  'administration',
  'moderator',
  'moderators',
  'moderation',
  'editor',
  'editors',
  'staff',
  'staffer',
  'sysop',
  'webmaster',
]);

/** Short for a title as a name, but also an organisation's initials: the Ministry of Defence is the MoD. */
const ABBREVIATIONS = new Set(['mod', 'mods']);

/**
 * The staff title `text` poses with (as its skeleton, e.g. "admin"), or null. `abbreviations: false` for an
 * organisation, where "MoD" is more likely the ministry than a moderator.
 */
export function staffTitleIn(text: string, { abbreviations = true } = {}): string | null {
  for (const word of visibleWords(text)) if (STAFF_TITLES.has(word) || (abbreviations && ABBREVIATIONS.has(word))) return word;
  return null;
}
