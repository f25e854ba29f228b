import { describe, expect, it } from 'vitest';
import { checkBody } from './rules';

/** checkBody alone (pure); the actions that use it are tested in actions.test.ts. */

describe('checkBody', () => {
  it.each([
    ['U+202A (left-to-right embedding)', '\u202A'],
    ['U+202B (right-to-left embedding)', '\u202B'],
    ['U+202C (pop directional formatting)', '\u202C'],
    ['U+202D (left-to-right override)', '\u202D'],
    ['U+202E (right-to-left override)', '\u202E'],
    ['U+2066 (left-to-right isolate)', '\u2066'],
    ['U+2067 (right-to-left isolate)', '\u2067'],
    ['U+2068 (first strong isolate)', '\u2068'],
    ['U+2069 (pop directional isolate)', '\u2069'],
  ])('refuses a body holding %s, saying why', (_what, char) => {
    expect(checkBody(`I agree with ${char}everything${char} said here.`)).toEqual({
      ok: false,
      error:
        'Your response contains an invisible direction control character (U+202A–U+202E or U+2066–U+2069), which can make text read as something else. Please remove it.',
    });
  });

  it('keeps right-to-left text, which needs no control characters, and refuses it with one', () => {
    const body = 'مرحبا بالعالم — שלום עולם — and English.';
    expect(checkBody(body)).toEqual({ ok: true, body });
    expect(checkBody(`\u202B${body}\u202C`)).toMatchObject({ ok: false });
  });
});
