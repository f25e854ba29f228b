import { config } from '@/lib/config';

/**
 * Where a visitor may be sent back to — after signing in, after a staff form, from Auth.js's redirect callback:
 * only a path on this site. The input is read the way a browser would read it (the WHATWG URL parser, against
 * the site's origin), so that dot segments, backslashes, tabs and newlines mean here what they will mean there;
 * the path is then made canonical, and the result is checked again as every reader downstream might see it.
 * Anything that fails becomes the fallback.
 */

/** Longer than any address this site makes; a longer one is not ours. */
const MAX_LENGTH = 2000;

/** No return path we write contains a control character (tabs and newlines included), so one is never ours. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH || CONTROL.test(value)) return fallback;
  const site = new URL(config().SITE_URL);
  const url = parseAgainst(value, site);
  if (!url || url.origin !== site.origin) return fallback;
  // Repeated slashes mean nothing on this site, and one at the start ("/.//evil.example" resolves to
  // "//evil.example") would make the path a link to another host.
  const path = `${url.pathname.replace(/\/{2,}/g, '/')}${url.search}${url.hash}`;
  return isSameOriginPath(path, site) ? path : fallback;
}

/**
 * An absolute URL is read on its own, so that its meaning never depends on the base ("http:evil.example" is
 * evil.example, not a path here); anything else must be a path, starting with "/".
 */
function parseAgainst(value: string, site: URL): URL | null {
  if (URL.canParse(value)) return new URL(value);
  return value.startsWith('/') && URL.canParse(value, site) ? new URL(value, site) : null;
}

/**
 * True when `path` names a page on `site` however it is read next: as it is, percent-decoded once (a proxy or
 * framework may decode "/%2f/evil.example" to "//evil.example"), and with compatibility characters folded
 * ("／" is "/" once normalised). Each reading must start with a single "/" that is not followed by "/" or "\",
 * and resolve to the site's own origin.
 */
function isSameOriginPath(path: string, site: URL): boolean {
  const decoded = decodeOnce(path);
  const readings = [path, decoded, path.normalize('NFKC'), decoded.normalize('NFKC')];
  return readings.every((reading) => {
    if (!reading.startsWith('/') || /^\/[/\\]/.test(reading)) return false;
    try {
      return new URL(reading, site).origin === site.origin;
    } catch {
      return false;
    }
  });
}

/**
 * Percent-decodes every escape once, leniently as many decoders do: bytes that are not UTF-8 become U+FFFD
 * instead of stopping the decoding, so a broken escape later in the path cannot hide an encoded slash before it.
 */
function decodeOnce(text: string): string {
  const utf8 = new TextDecoder();
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) =>
    utf8.decode(Uint8Array.from(run.slice(1).split('%'), (hex) => Number.parseInt(hex, 16))),
  );
}
