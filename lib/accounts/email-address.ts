import { domainToASCII, domainToUnicode } from 'node:url';
import { z } from 'zod';

/**
 * One spelling per email address, and no address that imitates another. Every way an address enters the site —
 * signing in (Auth.js's normalizeIdentifier), `npm run staff`, the people page — goes through normaliseEmail, so
 * "Ｎａｍｅ@Bücher.example" and "name@xn--bcher-kva.example" are one account, and "аdmin@example.org" (a Cyrillic
 * а) is refused rather than becoming a second "admin". Pure: no database, no Auth.js.
 */

export type EmailCheck = { ok: true; email: string } | { ok: false; error: string };

export const EMAIL_MAX = 254;
export const LOCAL_PART_MAX = 64;
// Longer input is refused before any Unicode work, so a huge form field costs nothing.
const INPUT_MAX = 1000;

export const EMAIL_ERRORS = {
  missing: 'Please enter your email address, like name@example.org.',
  space: 'An email address cannot contain spaces.',
  invisible:
    'Your email address contains an invisible or control character (such as a zero-width space or a direction mark); please type it again.',
  noAt: 'An email address needs an @, like name@example.org.',
  manyAts: 'An email address has only one @, like name@example.org.',
  noLocalPart: 'Please enter the part before the @, like name@example.org.',
  localPart: "The part before the @ may hold letters, digits and . _ - + ' only, with no dot at either end and no two dots together.",
  localPartTooLong: `The part before the @ can be at most ${LOCAL_PART_MAX} characters.`,
  domain: 'The part after the @ should be a domain name, like example.org.',
  tooLong: `That address is too long: an email address has at most ${EMAIL_MAX} characters.`,
  unusedScript: 'This address contains letters that are not used in email addresses here; please check it.',
  mixedScripts: 'This address mixes alphabets in a way that could imitate another address; please type it in one alphabet.',
} as const;

const refuse = (error: keyof typeof EMAIL_ERRORS): EmailCheck => ({ ok: false, error: EMAIL_ERRORS[error] });

// Controls, format characters (zero-width space and joiners, direction marks, embeddings, overrides and isolates,
// soft hyphen, tag characters), private use, lone surrogates, unassigned code points, and whatever else Unicode
// says to draw as nothing (variation selectors, Hangul fillers, the combining grapheme joiner) plus the blank
// braille pattern: none belongs in an address, and each can make two different addresses look the same.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\u2800]/u;
const SPACE = /[\p{Zs}\p{Zl}\p{Zp}]/u;
const SOFT_DOTTED_DOT = /(\p{Soft_Dotted})\u0307/gu;

// As strict as zod's z.email() (letters, digits and _ ' + - in dot-separated runs, not ending in ' ), widened
// from ASCII to letters, marks and digits of any script for internationalised local parts (RFC 6531). A mark may
// not start a run: it would sit on the dot or symbol before it.
const ATOM = String.raw`[\p{L}\p{N}_'+\-][\p{L}\p{M}\p{N}_'+\-]*`;
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*(?<!')$`, 'u');
// The domain after IDNA: LDH labels of 1–63 characters, at least two, the last alphabetic or an IDN (xn--) one.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^(?:${LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{0,58}[a-z0-9])$`);

/** A form field holding an email address: its stored spelling, or refused with normaliseEmail's reason. */
export const emailAddressField = z.unknown().transform((raw, context) => {
  const check = normaliseEmail(raw);
  if (check.ok) return check.email;
  context.addIssue({ code: 'custom', message: check.error });
  return z.NEVER;
});

/**
 * The address as it is stored and compared: trimmed, compatibility forms folded (fullwidth ＡＢＣ and ＠ become
 * ABC and @), lower-cased, the domain in its ASCII (IDNA) form — or why it is refused, in words for the person
 * who typed it.
 */
export function normaliseEmail(raw: unknown): EmailCheck {
  if (typeof raw !== 'string') return refuse('missing');
  const trimmed = raw.trim();
  if (!trimmed) return refuse('missing');
  if (trimmed.length > INPUT_MAX) return refuse('tooLong');
  if (SPACE.test(trimmed)) return refuse('space');
  if (INVISIBLE.test(trimmed)) return refuse('invisible');
  // NFKC before anything reads the text, so a fullwidth ＠ is split on like @ (never left for a mail server to
  // fold into a second @); NFC again after lower-casing, which can leave letters decomposed. A dot above on a
  // letter that has its dot already (Turkish İ lower-cases to i + U+0307) cannot be seen: it goes, so "İ" and "i"
  // are one spelling. Everything this produces is then held to the same checks as typed text.
  const folded = trimmed.normalize('NFKC').toLowerCase().replace(SOFT_DOTTED_DOT, '$1').normalize('NFC');
  if (SPACE.test(folded) || INVISIBLE.test(folded)) return refuse(SPACE.test(folded) ? 'space' : 'invisible');

  const parts = folded.split('@');
  if (parts.length === 1) return refuse('noAt');
  if (parts.length > 2) return refuse('manyAts');
  const [localPart, domainAsTyped] = parts as [string, string];
  if (!localPart) return refuse('noLocalPart');
  if (!LOCAL_PART.test(localPart)) return refuse('localPart');
  if ([...localPart].length > LOCAL_PART_MAX) return refuse('localPartTooLong');
  // '' when IDNA refuses the name (bad punycode, disallowed characters).
  const domain = domainAsTyped && domainToASCII(domainAsTyped);
  if (!domain || !DOMAIN.test(domain)) return refuse('domain');
  const email = `${localPart}@${domain}`;
  if ([...email].length > EMAIL_MAX) return refuse('tooLong');

  // Scripts are judged on what a reader sees: the domain's Unicode form, label by label (an IDN label may well
  // differ in script from the TLD), and the local part as one.
  for (const label of [localPart, ...domainToUnicode(domain).split('.')]) {
    const verdict = judgeScripts(label);
    if (verdict) return refuse(verdict);
  }
  return { ok: true, email };
}

// UAX #31's Recommended scripts (Table 5): the scripts in everyday use. Letters of any other script (historic,
// liturgical or specialised ones, several of which imitate Latin closely) are refused.
// prettier-ignore
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Thaana', 'Devanagari', 'Bengali', 'Gurmukhi',
  'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar',
  'Georgian', 'Hangul', 'Ethiopic', 'Khmer', 'Hiragana', 'Katakana', 'Bopomofo', 'Han',
] as const;
type Script = (typeof SCRIPTS)[number];
const SCRIPT_PATTERNS = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const);
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;

// UTS #39's "highly restrictive" level: one script, or one of the writing systems that mix scripts by design.
const WRITING_SYSTEMS: readonly (readonly Script[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'], // Japanese
  ['Latin', 'Han', 'Bopomofo'], // Chinese
  ['Latin', 'Han', 'Hangul'], // Korean
];

/** The scripts a text is written in (digits, punctuation and combining marks belong to none), or null when it uses one outside SCRIPTS. */
export function scriptsOf(text: string): Set<Script> | null {
  const found = new Set<Script>();
  for (const char of text) {
    if (SHARED.test(char)) continue;
    const script = SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char))?.[0];
    if (!script) return null;
    found.add(script);
  }
  return found;
}

// Lower-case Cyrillic and Greek letters that read as a Latin letter in ordinary fonts (the clear cases of
// UTS #39's confusables for an address, which is lower-case by now). A label made only of these, like "аррlе"
// or "οκ", is a whole-script look-alike of a Latin one.
const LATIN_LOOKALIKES: Partial<Record<Script, ReadonlySet<string>>> = {
  Cyrillic: new Set('аеорсухіјѕһԁԛԝӏү'),
  Greek: new Set('οαικνρυχγωηϲϳ'),
};

function judgeScripts(label: string): 'unusedScript' | 'mixedScripts' | null {
  const scripts = scriptsOf(label);
  if (!scripts) return 'unusedScript';
  if (scripts.size > 1 && !WRITING_SYSTEMS.some((system) => [...scripts].every((script) => system.includes(script)))) return 'mixedScripts';
  const [only] = scripts;
  const lookalikes = scripts.size === 1 ? LATIN_LOOKALIKES[only!] : undefined;
  if (lookalikes) {
    // Accents are judged on their base letter: "ё" still reads as a Latin "ë".
    const letters = [...label.normalize('NFD')].filter((char) => /\p{L}/u.test(char));
    if (letters.every((letter) => lookalikes.has(letter))) return 'mixedScripts';
  }
  return null;
}

export type ShownAddress = {
  /** As stored: what sign-in and roles compare, with an IDN domain in its xn-- form. */
  stored: string;
  /** The address in its own letters, when that differs from plain ASCII; null for an ASCII-only address. */
  international: { unicode: string; scripts: Script[] } | null;
  /** Why normaliseEmail refuses this stored address today (it was stored before the rules, or by hand), if it does. */
  refused: string | null;
};

/** How the people page shows an address, so that a look-alike cannot pass for the address it imitates. */
export function describeStoredEmail(stored: string): ShownAddress {
  const at = stored.lastIndexOf('@');
  const localPart = stored.slice(0, at);
  const domain = stored.slice(at + 1);
  const domainUnicode = domain.split('.').some((label) => label.startsWith('xn--')) ? domainToUnicode(domain) || domain : domain;
  const unicode = `${localPart}@${domainUnicode}`;
  const international = /[^\x00-\x7f]/.test(unicode) ? { unicode, scripts: [...(scriptsOf(unicode) ?? [])] } : null;
  const check = normaliseEmail(stored);
  return { stored, international, refused: check.ok ? null : check.error };
}

/**
 * The forms a search for part of an address should look for in stored addresses: as typed (lower-cased, folded)
 * and, where it holds a non-ASCII domain or label, with that in its xn-- form — so that "bücher.example" finds
 * "name@xn--bcher-kva.example".
 */
export function emailSearchForms(query: string): string[] {
  const folded = query.trim().normalize('NFKC').toLowerCase();
  if (!folded) return [];
  const at = folded.lastIndexOf('@');
  const domainPart = folded.slice(at + 1);
  const ascii = /[^\x00-\x7f]/.test(domainPart) ? domainToASCII(domainPart) : '';
  return [...new Set([folded, ...(ascii ? [folded.slice(0, at + 1) + ascii] : [])])];
}
