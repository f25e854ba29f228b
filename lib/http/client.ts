import 'server-only';
import { headers } from 'next/headers';
import { CLIENT_HEADER, networkOf } from './client-address.mjs';

/** The client's address was not recorded: the app was started some other way than server.mjs. */
export class UnknownClientError extends Error {
  name = 'UnknownClientError';
  constructor() {
    super(
      `The request carries no ${CLIENT_HEADER} header: serve the app with server.mjs (npm start), which records each client's address.`,
    );
  }
}

/** The client's address, as server.mjs recorded it from the socket (and TRUST_PROXY). */
export function clientAddressIn(requestHeaders: Headers): string {
  const address = requestHeaders.get(CLIENT_HEADER);
  // Refuse rather than count everyone under one shared "unknown" key, which one visitor could use up for all.
  if (!address) throw new UnknownClientError();
  return address;
}

/** The network the current request comes from, for rate limits (see networkOf). */
export async function clientNetwork(): Promise<string> {
  return networkOf(clientAddressIn(await headers()));
}
