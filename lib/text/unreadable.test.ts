import { describe, expect, it } from 'vitest';
import { firstUnreadableField, unreadableAmong, unreadableIn, unreadableMessage } from './unreadable';

/** The check `guarded` runs on every form value, and the search page on its query. */

describe('unreadableIn', () => {
  it.each([
    ['a NUL byte', 'Before\u0000after', 'nul'],
    ['only a NUL byte', '\u0000', 'nul'],
    ['a replacement character (bytes that were not UTF-8)', 'Caf\uFFFD au lait', 'invalid-utf8'],
    ['a lone high surrogate', 'abc\uD83D', 'invalid-utf8'],
    ['a lone low surrogate', '\uDE00abc', 'invalid-utf8'],
    ['two high surrogates', '\uD83D\uD83Dx', 'invalid-utf8'],
    ['a reversed pair', '\uDE00\uD83D', 'invalid-utf8'],
  ] as const)('finds %s', (_what, text, problem) => {
    expect(unreadableIn(text)).toBe(problem);
  });

  it.each([
    ['plain text', 'Hello'],
    ['an emoji (a well-formed surrogate pair)', 'Agreed 👍🏽 👨‍👩‍👧'],
    ['right-to-left and CJK text', 'مرحبا 李小龍'],
    ['other control characters (the fields judge those)', 'a\u0007b\u202Ec'],
    ['nothing', ''],
  ])('passes %s', (_what, text) => {
    expect(unreadableIn(text)).toBeNull();
  });
});

describe('unreadableMessage', () => {
  it('says what is wrong and what to do, naming the field', () => {
    expect(unreadableMessage('nul', 'your search')).toBe(
      'Your search contains a NUL character (U+0000), which is not allowed in text. Please remove it.',
    );
    expect(unreadableMessage('invalid-utf8')).toBe(
      'Part of this field could not be read (it was not valid UTF-8). Please retype the garbled part.',
    );
  });
});

describe('firstUnreadableField', () => {
  it('names the first field holding unreadable text, skipping Next’s own fields and files', () => {
    const data = new FormData();
    data.append('$ACTION_ID_abc', '\u0000');
    data.append('upload', new Blob(['\u0000']), 'a.txt');
    data.append('reason', 'spam');
    data.append('note', 'bad\u0000note');
    data.append('later', '\uFFFD');
    expect(firstUnreadableField(data)).toEqual({ field: 'note', problem: 'nul' });
  });

  it('finds nothing in a clean form', () => {
    const data = new FormData();
    data.append('note', 'Fine — with an emoji 👍');
    expect(firstUnreadableField(data)).toBeNull();
  });
});

describe('unreadableAmong', () => {
  it('looks through every value of an address’s query, repeated ones too', () => {
    expect(unreadableAmong([undefined, 'local', ['finance', 'x\u0000']])).toBe('nul');
    expect(unreadableAmong(['ok', '\uFFFD'])).toBe('invalid-utf8');
    expect(unreadableAmong([undefined, 'localism', ['a', 'b']])).toBeNull();
  });
});
