/**
 * What a reader may call themself. Names and affiliations are shown beside every response, so they are one line
 * of visible text: no control characters, and no invisible direction overrides (which can make a name read as
 * something else).
 */

// C0 and C1 controls, and the bidirectional embeddings, overrides and isolates.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/;

export type Checked = { ok: true; value: string | null } | { ok: false; error: string };

function checkLine(raw: unknown, what: string, max: number, required: boolean): Checked {
  const value = typeof raw === 'string' ? raw.trim().replace(/\s+/g, ' ') : '';
  if (!value) return required ? { ok: false, error: `Please enter ${what}.` } : { ok: true, value: null };
  if (INVISIBLE.test(value)) return { ok: false, error: `${what[0]!.toUpperCase()}${what.slice(1)} may not contain control characters.` };
  const length = [...value].length;
  if (length > max)
    return { ok: false, error: `${what[0]!.toUpperCase()}${what.slice(1)} may be at most ${max} characters (this is ${length}).` };
  return { ok: true, value };
}

export const DISPLAY_NAME_MAX = 60;
export const AFFILIATION_MAX = 100;

export function checkDisplayName(raw: unknown): Checked {
  return checkLine(raw, 'your name', DISPLAY_NAME_MAX, true);
}

export function checkAffiliation(raw: unknown): Checked {
  return checkLine(raw, 'your organisation', AFFILIATION_MAX, false);
}
