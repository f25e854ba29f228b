import { BIDI_CONTROLS } from '@/lib/text/invisible';

/** Rules for a response's text and for changing one's own responses. Pure. */

export const BODY_MAX = 5000;
export const EDIT_WINDOW_MINUTES = 15;

export type CheckedBody = { ok: true; body: string } | { ok: false; error: string };

/** A response's text as it will be stored. (NUL and invalid UTF-8 never get here: `guarded` refuses them in any field.) */
export function checkBody(raw: unknown): CheckedBody {
  if (typeof raw !== 'string') return { ok: false, error: 'Please write your response.' };
  // A direction override makes the text after it read in another order than it is stored, so a response could
  // show a moderator one thing and mean another. Right-to-left text itself needs none of them.
  if (BIDI_CONTROLS.test(raw)) {
    return {
      ok: false,
      error:
        'Your response contains an invisible direction control character (U+202A–U+202E or U+2066–U+2069), which can make text read as something else. Please remove it.',
    };
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
