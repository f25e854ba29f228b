/** How long an emailed sign-in link works. */
export const SIGN_IN_LINK_MINUTES = 30;

/**
 * How long a network an address signed in from is remembered (see signInNetworks in db/schema.ts): after this long
 * without a sign-in from it, the cleanup job (lib/jobs/cleanup.ts) forgets it, and it counts as a new network again.
 */
export const KNOWN_NETWORK_DAYS = 90;
