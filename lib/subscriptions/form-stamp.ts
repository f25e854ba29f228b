import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/auth/secret';

/**
 * The subscribe forms' defences against scripts, which need no JavaScript and no third party: a hidden time stamp,
 * signed with the site's secret when the form is rendered, and a field no person sees (the trap). A post that
 * comes back sooner than a person could type an address, or fills the trap, or carries a stamp the site did not
 * sign, gets the same answer as any other and nothing is stored or sent.
 *
 * Article pages and the footer are cached, so their stamp is when the page was rendered, not when it was opened:
 * for those the stamp proves only that the site made it (the rate limits do the rest). The forms ask for a fresh
 * stamp when they load with JavaScript (app/api/subscribe/status), and /subscribe is rendered for each visit.
 */

/** How soon after the form was rendered a post is taken for a script's. */
export const MIN_FILL_MS = 2_000;

/** The trap's field name: a name form-filling scripts like to fill. */
export const TRAP_FIELD = 'website';

/** The stamp's field name. */
export const STAMP_FIELD = 'stamp';

function signature(at: number): string {
  return createHmac('sha256', authSecret()).update(`subscribe-form:${at}`).digest('base64url');
}

/** A signed stamp for a form rendered at `at`: `<ms>.<hmac>`. */
export function formStamp(at = Date.now()): string {
  return `${at}.${signature(at)}`;
}

/**
 * The stamp for a form being rendered now, or '' while `next build` prerenders a page: that process may not have
 * the running site's secret, and a stamp it signed would fail every check. The forms fetch a fresh one when they load.
 */
export function renderedFormStamp(): string {
  return process.env.NEXT_PHASE === 'phase-production-build' ? '' : formStamp();
}

export type StampVerdict = 'ok' | 'missing' | 'forged' | 'too-fast';

/** What a posted stamp says: signed by the site and old enough, or not. */
export function checkFormStamp(stamp: unknown, now = Date.now()): StampVerdict {
  if (typeof stamp !== 'string' || stamp === '') return 'missing';
  const match = /^(\d{1,15})\.([\w-]{43})$/.exec(stamp);
  if (!match) return 'forged';
  const at = Number(match[1]);
  const expected = Buffer.from(signature(at));
  const given = Buffer.from(match[2]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  // A stamp from the future (beyond a little clock difference between instances) was not made by a rendering.
  if (at > now + 60_000) return 'forged';
  return now - at < MIN_FILL_MS ? 'too-fast' : 'ok';
}
