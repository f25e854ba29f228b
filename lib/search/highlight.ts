/**
 * PostgreSQL's ts_headline marks matches with text we choose. We choose two private-use characters, which prose
 * does not use and the search strips from queries, and split on them to render <mark> elements — so a snippet is
 * never parsed as HTML, whatever the article or the query contains.
 */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';

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
