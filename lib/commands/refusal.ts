/**
 * The one way a command says no. Thrown anywhere inside a command, it rolls the command's transaction back; the
 * action wrapper (lib/actions/guard.ts) shows its message on the form, beside `field` when there is one, and
 * scripts (scripts/run.ts) print it and exit 1. Anything else thrown is a bug, not a refusal.
 */

export const REFUSAL_CODES = [
  /** The actor's role lacks the permission, or the thing is not theirs. */
  'not-allowed',
  /** What the command acts on is not there (any more). */
  'not-found',
  /** The input is not acceptable (beyond what the form's schema checks). */
  'invalid',
  /** The state does not allow it: already done, no longer possible, nothing to change. */
  'conflict',
  /** A limit is reached: too many, too soon. */
  'limited',
  /** Something the command needs is not working just now (the mail server): the same request may work later. */
  'unavailable',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

export class Refusal extends Error {
  name = 'Refusal';

  constructor(
    readonly code: RefusalCode,
    /** For people: says what is wrong and, where it can, what to do. */
    message: string,
    /** The form field the refusal is about, if one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Throws a Refusal: `refuse('conflict', 'This appeal was already decided.')`. */
export function refuse(code: RefusalCode, message: string, field?: string): never {
  throw new Refusal(code, message, field);
}
