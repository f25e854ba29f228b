import { z } from 'zod';
import { BIDI_CONTROLS } from './invisible';

/**
 * A free-text form field (notes, reasons): NFC, trimmed, at most `max` characters counted as a reader counts them
 * (code points, so an emoji is one), no control characters other than line breaks and tabs, and no direction
 * overrides, which would let a note read differently to the moderator than it is stored. NUL and invalid UTF-8
 * never reach a schema: `guarded` refuses them in every field first.
 */
export function textField(options: { label: string; max: number; tooLong: string; required?: string }) {
  const { label, max, tooLong, required } = options;
  return z
    .preprocess((value) => (value === undefined || value === null ? '' : value), z.string({ error: `${label}: please enter text.` }))
    .transform((text) => text.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .refine((text) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(text), `${label} may not contain control characters.`)
    .refine((text) => !BIDI_CONTROLS.test(text), `${label} may not contain direction control characters (such as U+202E).`)
    .refine((text) => [...text].length <= max, tooLong)
    .refine((text) => !required || text !== '', required ?? '');
}
