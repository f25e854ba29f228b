/**
 * Word and phrase matching for the moderation lists: whole words only, and blind to case and accents — "café"
 * matches "CAFE", "cafés" does not match "café", "class" does not match "classic". Pure.
 */

/** Lower-case, accents folded, every run of non-letters and non-digits a single space, padded with spaces. */
export function normaliseForMatching(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${folded} `;
}

/** The terms (words or phrases) of `terms` that occur in `text` as whole words. */
export function matchingTerms(text: string, terms: readonly string[]): string[] {
  const haystack = normaliseForMatching(text);
  return terms.filter((term) => {
    const needle = normaliseForMatching(term);
    return needle.trim() !== '' && haystack.includes(needle);
  });
}

/** A list as staff type it: one term per line (or comma-separated), blanks and repeats dropped. */
export function parseTermList(text: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of text.split(/[\n,]/)) {
    const term = raw.trim().replace(/\s+/g, ' ');
    const key = normaliseForMatching(term);
    if (term && key.trim() && !seen.has(key) && term.length <= 100) {
      seen.add(key);
      terms.push(term);
    }
  }
  return terms;
}
