/** Rules for a response's text and for changing one's own responses. Pure. */

export const BODY_MAX = 5000;
export const EDIT_WINDOW_MINUTES = 15;

export type CheckedBody = { ok: true; body: string } | { ok: false; error: string };

export function checkBody(raw: unknown): CheckedBody {
  if (typeof raw !== 'string') return { ok: false, error: 'Please write your response.' };
  if (raw.includes('\u0000'))
    return { ok: false, error: 'Your response contains a NUL character, which cannot be stored. Please remove it.' };
  if (raw.includes('\uFFFD')) {
    return { ok: false, error: 'Part of your response could not be read (it was not valid UTF-8). Please retype the garbled part.' };
  }
  // Line endings as one, and no trailing spaces on lines; paragraphs stay as written.
  const body = raw
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
  if (!body) return { ok: false, error: 'Please write your response.' };
  const length = [...body].length;
  if (length > BODY_MAX) {
    return {
      ok: false,
      error: `Your response is ${length.toLocaleString('en-GB')} characters long; the limit is ${BODY_MAX.toLocaleString('en-GB')}.`,
    };
  }
  return { ok: true, body };
}

/** Until when its author may edit a response (published or awaiting review), or null if no longer. */
export function editableUntil(response: { status: string; createdAt: Date }, now = Date.now()): Date | null {
  if (response.status !== 'published' && response.status !== 'pending') return null;
  const until = new Date(response.createdAt.getTime() + EDIT_WINDOW_MINUTES * 60_000);
  return until.getTime() > now ? until : null;
}
