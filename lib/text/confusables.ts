/**
 * A "skeleton" of text for spotting impersonation: two strings that look alike to a reader get the same skeleton.
 * Compatibility forms are unified (NFKC: 𝐀𝐝𝐦𝐢𝐧, ａｄｍｉｎ), case and accents dropped, letters of other scripts
 * that look Latin mapped to it (Cyrillic "Аdmin"), and the digits and symbols people type for letters too
 * ("Adm1n", "$taff"). Not a general confusables table: it covers the letters that matter for what we look for
 * (staff titles, banned words). Pure.
 */

/** A table from each character of `from` to the character at the same place in `to`. */
function table(from: string, to: string, more: Record<string, string> = {}): Record<string, string> {
  const keys = [...from];
  if (keys.length !== [...to].length) throw new Error(`Look-alike table out of step: ${from}`);
  return { ...Object.fromEntries(keys.map((key, index) => [key, to[index]!])), ...more };
}

// Capitals first: some look like a different letter than their small forms (Greek Η is H, η is n).
const CAPITALS = table('ΑΒΕΖΗΙΚΜΝΟΡΤΥΧАВЕКМНОРСТХЅІЈԀ', 'abezhikmnoptyxabekmhopctxsijd');
const SMALL = table(
  'авеёкмнопрстухѕіїјԁһӏԛԝүгαβεηικνορτυχωıȷɑɡɪʀᴀᴅᴇᴍɴᴏꜱᴛꜰðđøłħŧ',
  'abeekmhonpctyxsiijdhlqwyrabenikvoptuxwijagirademnostfddolht',
  { æ: 'ae', œ: 'oe', ß: 'ss' },
);
/** Symbols typed for letters. */
const SYMBOLS = table('@$!|€£', 'asiiel');
/** Digits typed for letters ("Adm1n"); used as one reading of a word, the other keeping digits as digits. */
const DIGITS = table('0123456789', 'oizeasgtbg');
/** Letter pairs that pass for one letter in most fonts ("Adrnin", "Moclerator"). */
const PAIRS: [RegExp, string][] = [
  [/rn/g, 'm'],
  [/cl/g, 'd'],
  [/vv/g, 'w'],
];

const mapEach = (text: string, map: Record<string, string>) => [...text].map((char) => map[char] ?? char).join('');

/**
 * The text with look-alikes and symbols turned into plain lower-case Latin, separators kept (so that whole-word
 * matching still works on it). Digits are kept: see `digitsAsLetters`.
 */
export function foldConfusables(text: string): string {
  const compatible = text.normalize('NFKC').replace(/\p{Default_Ignorable_Code_Point}/gu, '');
  const lower = mapEach(mapEach(compatible, CAPITALS).toLowerCase(), SMALL);
  const unaccented = lower.normalize('NFD').replace(/\p{M}+/gu, '');
  return mapEach(mapEach(unaccented, SMALL), SYMBOLS);
}

/** The text read with digits as letters ("adm1n" → "admin"), for matching. */
export function digitsAsLetters(folded: string): string {
  return mapEach(folded, DIGITS);
}

/** A word with the letter pairs that pass for one letter read as that letter. */
export function pairsAsLetters(word: string): string {
  return PAIRS.reduce((text, [pair, letter]) => text.replace(pair, letter), word);
}

/**
 * The words a reader could see in `text`, as skeletons: each whitespace-separated chunk's parts (split at
 * punctuation, digits or a change from small to capital letters: "Site-Admin", "SiteAdmin", "admin123") and every
 * run of adjacent parts joined ("Ad-min", "AdMin", "A_d_m_i_n", "Adm1n"), and every run of single letters standing apart
 * joined ("A d m i n"). Words of two chunks ("Ad min") are not joined: that is how ordinary names are written.
 */
export function visibleWords(text: string): Set<string> {
  const words = new Set<string>();
  // Where a small letter is followed by a capital, a reader sees a new part of the word ("SiteAdmin", "AdMin").
  const cased = text.normalize('NFKC').replace(/(\p{Ll})(?=\p{Lu})/gu, '$1-');
  const chunks = cased.split(/\s+/).filter(Boolean);
  for (const readDigits of [true, false]) {
    const singles: string[][] = [];
    let run: string[] = [];
    for (const chunk of chunks) {
      const folded = readDigits ? digitsAsLetters(foldConfusables(chunk)) : foldConfusables(chunk);
      const parts = folded.split(/[^\p{L}]+/u).filter(Boolean);
      for (let start = 0; start < parts.length; start++) {
        for (let end = start + 1; end <= parts.length; end++) words.add(parts.slice(start, end).join(''));
      }
      const whole = parts.join('');
      if ([...whole].length === 1) run.push(whole);
      else if (run.length) {
        singles.push(run);
        run = [];
      }
    }
    if (run.length) singles.push(run);
    for (const letters of singles) {
      for (let start = 0; start < letters.length; start++) {
        for (let end = start + 2; end <= letters.length; end++) words.add(letters.slice(start, end).join(''));
      }
    }
  }
  for (const word of [...words]) words.add(pairsAsLetters(word));
  return words;
}
