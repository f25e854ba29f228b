import { describe, expect, it } from 'vitest';
import { FRAGMENT_BREAK, HIGHLIGHT_END, HIGHLIGHT_START, markCuts, splitHighlights } from './highlight';

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

describe('markCuts', () => {
  const text = 'Local finance matters. Banks left the towns; credit unions stayed. Scale is not the only virtue, nor the first.';

  it('adds nothing when the snippet is the whole text', () => {
    expect(
      markCuts(
        `Local ${mark('finance')} matters. Banks left the towns; credit unions stayed. Scale is not the only virtue, nor the first.`,
        text,
      ),
    ).toBe(`Local ${mark('finance')} matters. Banks left the towns; credit unions stayed. Scale is not the only virtue, nor the first.`);
  });

  it('marks a cut at the start, at the end, or both', () => {
    expect(markCuts(`Banks left the ${mark('towns')}`, text)).toBe(`… Banks left the ${mark('towns')} …`);
    expect(markCuts(`Local finance ${mark('matters')}.`, text)).toBe(`Local finance ${mark('matters')}. …`);
    expect(markCuts(`${mark('Scale')} is not the only virtue, nor the first`, text)).toBe(
      `… ${mark('Scale')} is not the only virtue, nor the first`,
    );
  });

  it('does not count a left-out closing full stop, or spaces, as a cut', () => {
    expect(markCuts('Scale is not the only virtue, nor the first', `${text}  \n`)).toBe('… Scale is not the only virtue, nor the first');
  });

  it('joins fragments with an ellipsis and looks for the last one from the end of the text', () => {
    const repeated = 'The town. Money stays in the town. The town';
    expect(markCuts(`${mark('Money')} stays${FRAGMENT_BREAK}The ${mark('town')}`, repeated)).toBe(
      `… ${mark('Money')} stays … The ${mark('town')}`,
    );
    expect(markCuts(`Local finance${FRAGMENT_BREAK}the first.`, text)).toBe('Local finance … the first.');
  });

  it('calls a fragment it cannot find in the text cut, and gives nothing for an empty snippet', () => {
    expect(markCuts('Words from elsewhere', text)).toBe('… Words from elsewhere …');
    expect(markCuts('', text)).toBe('');
  });
});
