import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { verificationTokens } from '@/db/schema';
import { refuse } from '@/lib/commands/refusal';
import { signInRules } from '@/lib/ratelimit/rules';
import { hit } from '@/lib/ratelimit/store';
import { signIn } from './index';
import { withSignInTicket } from './link-ticket';
import { isKnownNetwork } from './sign-in-networks';
import { authSecret } from './secret';
import { log } from '@/lib/ops/log.mjs';
import { metrics } from '@/lib/ops/metrics.mjs';

/**
 * The one way a sign-in link is sent: within the limits for the address and the network, then through Auth.js,
 * which makes the token and calls back into lib/mail. The address is already normalised by the caller's schema;
 * Auth.js normalises it again with the same rules (normalizeIdentifier). Known and unknown addresses are treated
 * alike: the account is made only when the link is used. Says no as commands do, with a Refusal: a limit reached,
 * or a link that could not be sent.
 */
export async function sendSignInLink(request: { email: string; callbackPath: string; network: string }): Promise<void> {
  const known = await isKnownNetwork(request.email, request.network);
  const verdict = await hit(await getDb(), signInRules(request.email, request.network, { knownNetwork: known }));
  if (!verdict.ok) {
    metrics().signInRefusals.inc({ reason: 'link-requests' });
    refuse('limited', verdict.message);
  }
  try {
    await withSignInTicket(() => signIn('nodemailer', { email: request.email, redirectTo: request.callbackPath, redirect: false }));
  } catch (error) {
    log().error({ err: error }, 'Could not send a sign-in link');
    refuse('unavailable', 'We could not send the email just now. Please try again in a few minutes.');
  }
}

/**
 * Whether an emailed link would still sign in (its token is there and unexpired), without using it up: the page
 * the link opens offers a new link at once instead of a button that can only fail.
 */
export async function signInLinkIsLive(email: string, token: string): Promise<boolean> {
  // Auth.js keeps only a hash of the token with the secret (lib/auth/index.ts passes authSecret()).
  const hashed = createHash('sha256').update(`${token}${authSecret()}`).digest('hex');
  const [row] = await (
    await getDb()
  )
    .select({ expires: verificationTokens.expires })
    .from(verificationTokens)
    .where(and(eq(verificationTokens.identifier, email), eq(verificationTokens.token, hashed)));
  return row !== undefined && row.expires.getTime() > Date.now();
}
