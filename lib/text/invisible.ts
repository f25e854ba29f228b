/**
 * Characters that change how text reads without being seen: controls, direction overrides, zero-width and other
 * default-ignorable characters, and marks stacked on one letter ("Zalgo"). Names are shown beside every response,
 * so each of these could make one read as another. Pure.
 */

export type Hidden = 'control' | 'bidi' | 'invisible' | 'stacked-marks';

/** Bidirectional embeddings, overrides and isolates: they reorder what follows, so "nimdA" can read "Admin". */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
/** …and the marks that only set a direction, which a name has no use for either. */
const DIRECTION_MARKS = /[\u200E\u200F\u061C]/;
const CONTROL = /\p{Cc}/u;
// Zero-width spaces and joiners, word joiner, BOM, soft hyphen, Hangul fillers, variation selectors, tags…: all of
// Unicode's default-ignorable characters, and private-use ones (which render as nothing, or as our own markers).
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Co}]/u;

/** More than this many combining marks on one character is decoration, not spelling (Vietnamese needs 2 at most,
 * Indic scripts 3). */
export const MAX_STACKED_MARKS = 3;

// Scripts whose spelling needs the zero-width (non-)joiner between letters, e.g. Persian "علی‌رضا".
const JOINING_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI_TAIL = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;

/** Is the invisible character at `index` of `chars` one that spelling needs there? */
function neededThere(chars: string[], index: number): boolean {
  const char = chars[index]!;
  const before = chars[index - 1] ?? '';
  const after = chars[index + 1] ?? '';
  // ZWNJ and ZWJ inside a word of a joining script; ZWJ between the parts of one emoji (👩‍💻).
  if (char === '\u200C' || char === '\u200D') {
    if (JOINING_SCRIPT.test(before) && JOINING_SCRIPT.test(after)) return true;
    return char === '\u200D' && EMOJI_TAIL.test(before) && PICTOGRAPH.test(after);
  }
  // The variation selector that asks for an emoji's colour form (❤️).
  if (char === '\uFE0F' || char === '\uFE0E') return /\p{Emoji}/u.test(before);
  return false;
}

/** The longest run of combining marks in `text`, counted decomposed (so "Ź" is Z and one mark, as it looks). */
function longestMarkRun(text: string): number {
  let longest = 0;
  for (const run of text.normalize('NFD').match(/\p{M}+/gu) ?? []) longest = Math.max(longest, [...run].length);
  return longest;
}

/** The first hidden thing in `text`, or null. */
export function hiddenIn(text: string): Hidden | null {
  const chars = [...text.normalize('NFC')];
  for (const [index, char] of chars.entries()) {
    if (CONTROL.test(char)) return 'control';
    if (BIDI_CONTROLS.test(char) || DIRECTION_MARKS.test(char)) return 'bidi';
    if (IGNORABLE.test(char) && !neededThere(chars, index)) return 'invisible';
  }
  return longestMarkRun(text) > MAX_STACKED_MARKS ? 'stacked-marks' : null;
}

/** What to tell the reader; `What` names the field with a capital ("Your name"). */
export function hiddenMessage(problem: Hidden, What: string): string {
  switch (problem) {
    case 'control':
      return `${What} may not contain control characters.`;
    case 'bidi':
      return `${What} may not contain direction control characters (such as U+202E), which can make text read as something else.`;
    case 'invisible':
      return `${What} may not contain invisible characters such as zero-width spaces.`;
    case 'stacked-marks':
      return `${What} has too many accents on one letter (at most ${MAX_STACKED_MARKS}).`;
  }
}
