// Apart from slug.ts, which needs node:crypto: the article editor proposes a slug in the browser with this.

const MAX_SLUG_LENGTH = 80;

/** Latin letters that Unicode does not decompose into a base letter and an accent. */
const LATIN_LETTERS: Record<string, string> = { ß: 'ss', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };

/**
 * "We should value local diversity" → "we-should-value-local-diversity". Accents are folded ("Café" → "cafe");
 * text with no Latin letters or digits gives '' and the caller picks a fallback.
 */
export function slugify(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/[ßłøæœđðþıħ]/g, (letter) => LATIN_LETTERS[letter]!)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) break;
    slug = next;
  }
  return slug || (words[0] ?? '').slice(0, MAX_SLUG_LENGTH);
}
