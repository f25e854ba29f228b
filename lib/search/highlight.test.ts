import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_END, HIGHLIGHT_START, splitHighlights } from './highlight';

const mark = (text: string) => `${HIGHLIGHT_START}${text}${HIGHLIGHT_END}`;

describe('splitHighlights', () => {
  it('splits marked words from the text around them', () => {
    expect(splitHighlights(`value of ${mark('local')} ${mark('diversity')}.`)).toEqual([
      { text: 'value of ', marked: false },
      { text: 'local', marked: true },
      { text: ' ', marked: false },
      { text: 'diversity', marked: true },
      { text: '.', marked: false },
    ]);
  });

  it('gives plain text as one unmarked segment and nothing for empty text', () => {
    expect(splitHighlights('no matches here')).toEqual([{ text: 'no matches here', marked: false }]);
    expect(splitHighlights('')).toEqual([]);
  });

  it('drops empty segments and marks the rest of an unclosed highlight', () => {
    expect(splitHighlights(`${mark('')}${mark('a')}`)).toEqual([{ text: 'a', marked: true }]);
    expect(splitHighlights(`a ${HIGHLIGHT_START}b c`)).toEqual([
      { text: 'a ', marked: false },
      { text: 'b c', marked: true },
    ]);
  });

  it('keeps markup as text', () => {
    expect(splitHighlights(`<b>${mark('<script>')}</b>`)).toEqual([
      { text: '<b>', marked: false },
      { text: '<script>', marked: true },
      { text: '</b>', marked: false },
    ]);
  });
});
