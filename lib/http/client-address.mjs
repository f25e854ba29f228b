// Who is at the other end of a request: the socket's address, or — behind trusted proxies — the address the nearest
// trusted proxy saw. Plain JavaScript, because server.mjs (plain Node, so that no TypeScript loader sits under
// Next's runtime) and the TypeScript app share it. proxy-addr (Express's) walks X-Forwarded-For from the right.
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

/**
 * The request header server.mjs sets on every request to the client's address, after removing any copy the
 * client sent. Nothing else in the app reads an address from a request.
 */
export const CLIENT_HEADER = 'x-briefings-client';

/**
 * The request header server.mjs sets on every request to "1" when it came through a proxy — it arrived carrying
 * X-Forwarded-For, Forwarded, X-Real-IP or Via — and to "0" otherwise, replacing any copy the client sent. Behind
 * server.mjs the app cannot tell: Next adds an X-Forwarded-For of its own to every request it handles, and nginx
 * (deploy/nginx) sends X-Forwarded-For alone. The control channel (lib/control/route.ts) refuses proxied requests.
 */
export const PROXIED_HEADER = 'x-briefings-proxied';

const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via'];

/**
 * Whether a request, as it reached server.mjs, was passed on by a proxy.
 * @param {{ headers: Record<string, unknown> }} request
 * @returns {boolean}
 */
export function cameThroughProxy(request) {
  return PROXY_HEADERS.some((name) => request.headers[name] !== undefined);
}

/**
 * Reads TRUST_PROXY: unset, "false" or "0" (no proxy: the socket's address); a number of proxy hops in front of
 * the app ("1" for one nginx); or a comma-separated list of proxy addresses and ranges (CIDR, or proxy-addr's
 * names "loopback", "linklocal", "uniquelocal"). Throws with a message on anything else.
 * @param {string | undefined} value
 * @returns {{ hops: number } | { proxies: string[] }}
 */
export function parseTrustProxy(value) {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return { hops: 0 };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new Error('must be a number of proxy hops from 0 to 10, or a list of proxy addresses');
    return { hops };
  }
  const proxies = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(proxies);
  } catch (error) {
    throw new Error(
      `must be a number of proxy hops or a list of proxy addresses and ranges (${error instanceof Error ? error.message : error})`,
    );
  }
  return { proxies };
}

/**
 * A function from a Node request to its client's address, as TRUST_PROXY says to read it.
 * @param {string | undefined} trustProxy
 * @returns {(request: import('node:http').IncomingMessage) => string}
 */
export function clientAddressReader(trustProxy) {
  const trust = parseTrustProxy(trustProxy);
  /** @type {(address: string, hop: number) => boolean} */
  const trusted = 'proxies' in trust ? proxyaddr.compile(trust.proxies) : (_address, hop) => hop < trust.hops;
  return (request) => {
    const socket = normaliseAddress(request.socket.remoteAddress ?? '');
    // With no trusted proxy the header a client wrote is never read at all.
    if ('hops' in trust && trust.hops === 0) return socket ?? 'socket-unknown';
    // An address that is not an address (a proxy set up to pass the client's header along unchecked, or a client
    // reaching the app past its proxy) counts as the socket's: never a bucket that strangers share by writing to it.
    return normaliseAddress(proxyaddr(request, trusted)) ?? socket ?? 'socket-unknown';
  };
}

/**
 * An address in one canonical spelling (IPv4-mapped IPv6 as IPv4, IPv6 compressed), or null if it is none.
 * @param {string} text
 * @returns {string | null}
 */
export function normaliseAddress(text) {
  if (!ipaddr.isValid(text)) return null;
  const address = ipaddr.process(text);
  return address.toString();
}

/**
 * The network a rate limit counts: an IPv4 address itself, an IPv6 address's /64 (one household or server holds
 * a whole /64, and could otherwise take a fresh address for every request).
 * @param {string} address
 * @returns {string}
 */
export function networkOf(address) {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = /** @type {import('ipaddr.js').IPv6} */ (parsed).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}
