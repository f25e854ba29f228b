/**
 * PostgreSQL's ts_headline marks matches with text we choose. We choose two private-use characters, which prose
 * does not use and the search strips from queries, and split on them to render <mark> elements — so a snippet is
 * never parsed as HTML, whatever the article or the query contains.
 */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';
/** Between the fragments of one snippet (a third private-use character), so that we can tell where it was cut. */
export const FRAGMENT_BREAK = '\uE002';

export type Segment = { text: string; marked: boolean };

export function splitHighlights(text: string): Segment[] {
  const segments: Segment[] = [];
  let marked = false;
  for (const part of text.split(/([\uE000\uE001])/)) {
    if (part === HIGHLIGHT_START) marked = true;
    else if (part === HIGHLIGHT_END) marked = false;
    else if (part) segments.push({ text: part, marked });
  }
  return segments;
}

const HIGHLIGHTS = /[\uE000\uE001]/g;
const WORD = /[\p{L}\p{N}]/u;

/**
 * ts_headline picks fragments of a text and says nothing of where it cut them out. This marks every cut with an
 * ellipsis: before the first fragment unless the text starts with it, between fragments, and after the last unless
 * nothing but punctuation or spaces follows it in the text (ts_headline may leave out a closing full stop).
 * `headline` is ts_headline's output with FRAGMENT_BREAK between fragments; its highlight markers are kept.
 */
export function markCuts(headline: string, text: string): string {
  const fragments = headline
    .split(FRAGMENT_BREAK)
    .map((fragment) => fragment.trim())
    .filter(Boolean);
  if (fragments.length === 0) return '';
  const first = fragments[0]!.replace(HIGHLIGHTS, '');
  const last = fragments.at(-1)!.replace(HIGHLIGHTS, '');
  const start = text.indexOf(first);
  const end = text.lastIndexOf(last);
  // A fragment not found as it is in the text cannot be placed: say it was cut rather than claim the whole text.
  const cutBefore = start === -1 || WORD.test(text.slice(0, start));
  const cutAfter = end === -1 || WORD.test(text.slice(end + last.length));
  return `${cutBefore ? '… ' : ''}${fragments.join(' … ')}${cutAfter ? ' …' : ''}`;
}
