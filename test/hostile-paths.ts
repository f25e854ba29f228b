import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Return paths made to leave the site, for the tests of every function that takes one. A hostile value is a
 * prefix that tries to end the path or change the scheme, a host, and a suffix; the prefixes are the ways
 * open redirects have been found in the wild.
 */

export const SITE_URL = 'http://localhost:3000';

export const HOSTILE_PREFIXES = [
  // Protocol-relative, and the slashes a browser reads as one.
  '//',
  '///',
  '/\\',
  '\\\\',
  '\\/',
  '/\\/',
  // Percent-encoded slashes and backslashes, which a proxy or framework may decode once.
  '/%2f',
  '/%2F/',
  '%2F%2F',
  '/%5c',
  '/%5C/',
  '%5c%5c',
  '/%252f/',
  // Dot segments that resolve to a leading "//".
  '/./',
  '/.//',
  '/../',
  '/..//',
  '/%2e%2e/',
  '/%2e%2e//',
  '/.%2e//',
  '/a/../..//',
  '/./\\',
  // Whitespace and controls, which URL parsers strip or drop.
  '\t//',
  '/\t/',
  '/\n/',
  '/\r\n/',
  '/%09/',
  '/%0a/',
  ' //',
  '  /\\',
  '\u0000//',
  '/\u0085/',
  // Lookalikes that fold to slashes.
  '／／',
  '/／',
  '/%EF%BC%8F',
  '＼＼',
  '/\uFE68',
  '/\u2215',
  // Other schemes, in any case.
  'https://',
  'HtTpS://',
  'http:',
  'http:/',
  'http:\\\\',
  'https:',
  'ftp://',
  'javascript:',
  'JaVaScRiPt:',
  ' javascript:',
  'java\tscript:',
  'data:text/html,',
  'DATA:',
  'blob:https://',
  'vbscript:',
  // Userinfo: the site's name before an "@" that ends the authority.
  '//localhost:3000@',
  'http://localhost:3000@',
  'http://localhost:3000\\@',
  'https://localhost:3000.',
  '@',
] as const;

export const HOSTS = [
  'evil.example',
  'evil.example:443',
  'EVIL.example',
  '@evil.example',
  'localhost:3000@evil.example',
  'evil.example@localhost:3000',
  '127.0.0.1',
  '[::1]',
  '%65vil.example',
  'еvil.example', // a Cyrillic е
  'evil。example', // an ideographic full stop
  '',
] as const;

export const SUFFIXES = ['', '/', '/account', '?x=1#r', '/%2f%2fevil.example', '#//evil.example', '\\@evil.example', '/..'] as const;

/** Every prefix with every host and suffix: a fixed table, the same on every run. */
export const HOSTILE_TABLE: readonly string[] = HOSTILE_PREFIXES.flatMap((prefix) =>
  HOSTS.flatMap((host) => SUFFIXES.map((suffix) => `${prefix}${host}${suffix}`)),
);

/** Prefixes stacked one to three deep, with arbitrary text (any code point) mixed in. */
export const hostileReturnPath = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(...HOSTILE_PREFIXES), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(...HOSTS),
    fc.oneof(fc.constantFrom(...SUFFIXES), fc.string({ unit: 'binary', maxLength: 8 })),
  )
  .map(([prefixes, host, suffix]) => `${prefixes.join('')}${host}${suffix}`);

/** Decodes once, or says it cannot: a malformed escape makes decodeURIComponent throw. */
function decoded(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * The promise every return path keeps, checked independently of the code that makes it: it starts with one
 * "/", not "//" or "/\" — also once percent-decoded and once compatibility characters are folded — and it
 * resolves to the site's own origin.
 */
export function expectSameOriginPath(output: string): void {
  const origin = new URL(SITE_URL).origin;
  const readings = [output, decoded(output)].filter((reading) => reading !== null);
  for (const reading of readings.flatMap((reading) => [reading, reading.normalize('NFKC')])) {
    expect(reading, `${JSON.stringify(output)} read as ${JSON.stringify(reading)}`).toMatch(/^\/(?![/\\])/);
    expect(new URL(reading, SITE_URL).origin, `${JSON.stringify(output)} read as ${JSON.stringify(reading)}`).toBe(origin);
  }
}
