/**
 * Rate-limit arithmetic, pure: fixed windows for counters kept in the database (sign-in requests, signed-out
 * drafts), and the posting rules for responses, which read the reader's own recent responses instead of a counter.
 */

export type Limited = { ok: false; retryAfterSeconds: number; message: string };
export type Verdict = { ok: true } | Limited;

/** The start of the fixed window containing `now`. */
export function windowStart(now: number, windowSeconds: number): number {
  const size = windowSeconds * 1000;
  return Math.floor(now / size) * size;
}

export function secondsLeft(now: number, windowStartMs: number, windowSeconds: number): number {
  return Math.max(1, Math.ceil((windowStartMs + windowSeconds * 1000 - now) / 1000));
}

/** "2 minutes", "45 seconds", "3 hours": how long to wait, roughly, in words. */
export function waitInWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

export const RESPONSE_LIMITS = {
  newAccountMs: 24 * 60 * 60 * 1000,
  newSpacingSeconds: 30,
  newPerDay: 10,
  spacingSeconds: 10,
} as const;

/**
 * May this reader post now? A reader whose account is under a day old waits 30 s between responses and posts at
 * most 10 in a day; everyone else waits 10 s.
 */
export function responseVerdict(
  reader: { accountCreatedAt: number; lastPostAt: number | null; postsLastDay: number },
  now: number,
): Verdict {
  const isNew = now - reader.accountCreatedAt < RESPONSE_LIMITS.newAccountMs;
  if (isNew && reader.postsLastDay >= RESPONSE_LIMITS.newPerDay) {
    const retryAfterSeconds = Math.ceil((reader.accountCreatedAt + RESPONSE_LIMITS.newAccountMs - now) / 1000);
    return {
      ok: false,
      retryAfterSeconds,
      message: `New accounts may post ${RESPONSE_LIMITS.newPerDay} responses in their first day. You can post again in ${waitInWords(retryAfterSeconds)}.`,
    };
  }
  const spacing = isNew ? RESPONSE_LIMITS.newSpacingSeconds : RESPONSE_LIMITS.spacingSeconds;
  if (reader.lastPostAt !== null && now - reader.lastPostAt < spacing * 1000) {
    const retryAfterSeconds = Math.ceil((reader.lastPostAt + spacing * 1000 - now) / 1000);
    return {
      ok: false,
      retryAfterSeconds,
      message: `Please wait ${waitInWords(retryAfterSeconds)} before posting again (${spacing} seconds between responses${isNew ? ' for new accounts' : ''}).`,
    };
  }
  return { ok: true };
}

/** A counter rule: at most `limit` in each window of `windowSeconds`. */
export type CounterRule = { key: string; limit: number; windowSeconds: number; message: (wait: string) => string };

/**
 * Sign-in links. The tight limit is per address *and* network, so a stranger flooding someone's address fills only
 * their own bucket and the reader's own network still gets through; a looser limit per address bounds mail to one
 * inbox from many networks; one per network bounds a single sender across addresses. Refused requests count in
 * none of them (lib/ratelimit/store.ts), so hammering never lengthens anyone's wait.
 */
export const SIGN_IN_RULES = {
  perAddressAndNetwork: (email: string, network: string): CounterRule => ({
    key: `signin:address-network:${email}:${network}`,
    limit: 5,
    windowSeconds: 15 * 60,
    message: (wait) => `Several sign-in links have already been sent to this address. Please use the latest one, or ask again in ${wait}.`,
  }),
  perAddress: (email: string): CounterRule => ({
    key: `signin:address:${email}`,
    limit: 15,
    windowSeconds: 60 * 60,
    message: (wait) =>
      `Many sign-in links have been asked for this address from several places. Please use the latest one, or ask again in ${wait}.`,
  }),
  perNetwork: (network: string): CounterRule => ({
    key: `signin:network:${network}`,
    limit: 20,
    windowSeconds: 60 * 60,
    message: (wait) => `Too many sign-in requests from your network. Please try again in ${wait}.`,
  }),
  /** Presses of "Sign in" on emailed links: tokens cannot be guessed, but nobody gets to try many. */
  linkUsesPerNetwork: (network: string): CounterRule => ({
    key: `signin:link-uses:${network}`,
    limit: 30,
    windowSeconds: 15 * 60,
    message: (wait) => `Too many sign-in attempts from your network. Please try again in ${wait}.`,
  }),
};

/** The rules for one request; from a network this address has signed in from before, the address-wide one is waived. */
export function signInRules(email: string, network: string, { knownNetwork = false } = {}): CounterRule[] {
  const rules = [SIGN_IN_RULES.perAddressAndNetwork(email, network), SIGN_IN_RULES.perNetwork(network)];
  return knownNetwork ? rules : [...rules, SIGN_IN_RULES.perAddress(email)];
}

export const DRAFT_RULES = {
  /**
   * Drafts kept for readers who are not signed in (or have no name yet): anyone can make them, so a network makes
   * a bounded number. As many an hour as the sign-in requests it may send, since each draft leads to one.
   */
  perNetwork: (network: string): CounterRule => ({
    key: `draft:network:${network}`,
    limit: 20,
    windowSeconds: 60 * 60,
    message: (wait) =>
      `Too many responses have been kept for after sign-in from your network. Please try again in ${wait}, or sign in (and choose your name) first and post it directly.`,
  }),
};

/**
 * Subscribing by email (lib/subscriptions/subscribe.ts). Each request may send an email to the address, so, as for
 * sign-in links, one network asks for a bounded number of addresses and one address is sent a bounded number of
 * emails, whoever asks. Counted for every address alike, subscribed or not, so a limit tells nothing about one.
 */
export const SUBSCRIBE_RULES = {
  perNetwork: (network: string): CounterRule => ({
    key: `subscribe:network:${network}`,
    limit: 10,
    windowSeconds: 60 * 60,
    message: (wait) => `Too many subscription requests from your network. Please try again in ${wait}.`,
  }),
  perAddress: (email: string): CounterRule => ({
    key: `subscribe:address:${email}`,
    limit: 3,
    windowSeconds: 60 * 60,
    message: (wait) =>
      `Several emails have already been sent to this address for this. Please use the latest one, or try again in ${wait}.`,
  }),
  /** The "you are already subscribed" note to an active address: one a day at most, and past it none (not refused). */
  alreadySubscribedNote: (email: string): CounterRule => ({
    key: `subscribe:already:${email}`,
    limit: 1,
    windowSeconds: 24 * 60 * 60,
    message: () => 'Already told today.',
  }),
};
