import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { textField } from './field';

/** The schema every free-text note and reason is built with. */

const note = textField({ label: 'The note', max: 5, tooLong: 'Please keep it to 5 characters.' });
const required = textField({ label: 'The note', max: 50, tooLong: 'Too long.', required: 'Please say why.' });

function errorOf(schema: z.ZodType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0]!.message;
}

describe('textField', () => {
  it('normalises to NFC, trims, keeps line breaks (as \\n) and reads a missing field as empty', () => {
    expect(note.parse('  Rene\u0301 ')).toBe('Ren\u00E9');
    expect(required.parse('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
    expect(note.parse(undefined)).toBe('');
  });

  it('counts characters as a reader does: an emoji is one', () => {
    expect(note.parse('😀😀😀😀😀')).toBe('😀😀😀😀😀');
    expect(errorOf(note, '😀😀😀😀😀😀')).toBe('Please keep it to 5 characters.');
  });

  it('refuses control characters other than line breaks and tabs', () => {
    expect(errorOf(note, 'a\u0007b')).toBe('The note may not contain control characters.');
    expect(errorOf(note, 'a\u009Fb')).toBe('The note may not contain control characters.');
    expect(note.parse('a\tb')).toBe('a\tb');
  });

  it.each(
    ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'].map((char) => [
      char.codePointAt(0)!.toString(16).toUpperCase(),
      char,
    ]),
  )('refuses the direction control U+%s', (_code, char) => {
    expect(errorOf(note, `ab${char}c`)).toBe('The note may not contain direction control characters (such as U+202E).');
  });

  it('asks for text when it is required', () => {
    expect(errorOf(required, '   ')).toBe('Please say why.');
    expect(errorOf(required, undefined)).toBe('Please say why.');
    expect(required.parse(' Because. ')).toBe('Because.');
  });
});
