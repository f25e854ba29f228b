import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Sign-in links are sent from one place only: `sendSignInLink` (lib/auth/sign-in-link.ts), after the address rules
 * and the limits. It runs Auth.js inside a ticket; Auth.js's own sign-in endpoint, or any other way into the
 * provider, has none, and Auth.js's signIn callback then refuses before a token is made or a message sent.
 * Kept on globalThis so that every copy of this module in the server's bundles shares one store.
 */
const store = ((globalThis as { [key: symbol]: AsyncLocalStorage<true> })[Symbol.for('briefings.sign-in-ticket')] ??=
  new AsyncLocalStorage<true>());

export function withSignInTicket<T>(run: () => Promise<T>): Promise<T> {
  return store.run(true, run);
}

export function holdsSignInTicket(): boolean {
  return store.getStore() === true;
}
