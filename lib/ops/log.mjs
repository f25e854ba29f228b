// The running server's log: one JSON object a line on standard output (pino), for whatever collects the process's
// output. Plain JavaScript, because server.mjs (plain Node) and the TypeScript app share it; one logger per process
// (kept on globalThis, since Next loads its own copy of this module beside server.mjs's).
//
// Two guards keep secrets and personal data out of it. `redact` blanks the fields that hold secrets when an object
// is logged (headers, tokens, passwords). And every line, as written, has its email addresses replaced by
// "[address]" and the user:password of any URL by "[credentials]": an address or a connection string can reach a
// log inside an error's message or stack, where no field name gives it away.
import pino from 'pino';
import { LOG_LEVELS } from './levels.mjs';

/** Object paths whose values never reach the log (pino's redact syntax; `*` is any one key). */
export const REDACT_PATHS = [
  'authorization',
  'cookie',
  'password',
  'token',
  'secret',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.authorization',
  '*.cookie',
  '*["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'SMTP_URL',
  'DATABASE_URL',
  'AUTH_SECRET',
  'METRICS_TOKEN',
  '*.SMTP_URL',
  '*.DATABASE_URL',
  '*.AUTH_SECRET',
  '*.METRICS_TOKEN',
];

// Both replacements scan the text once, from each "://" and each "@", rather than by one regular expression over
// the whole line: such an expression takes time growing with the square of a long line's length (measured: half a
// second for 10 000 characters), and a log line may carry anything an error says.
const CREDENTIAL_CHAR = /[^\s/?#@"'<>\\]/;
// An address's local part leaves out quotes, backslashes and brackets, so that in a JSON line a match never reaches
// across a string's end.
const LOCAL_CHAR = /[a-z0-9.!#$%&*+=?^_`|~-]/i;
const DOMAIN_CHAR = /[a-z0-9.-]/i;

/**
 * The user and password after a URL's scheme (smtp://, postgres://, https://) replaced by "[credentials]".
 * @param {string} text
 */
function scrubCredentials(text) {
  let out = '';
  let copied = 0;
  for (let scheme = text.indexOf('://'); scheme !== -1; scheme = text.indexOf('://', scheme + 3)) {
    const from = scheme + 3;
    let end = from;
    while (end < text.length && CREDENTIAL_CHAR.test(text[end] ?? '')) end += 1;
    if (end > from && text[end] === '@') {
      out += `${text.slice(copied, from)}[credentials]`;
      copied = end;
    }
  }
  return out + text.slice(copied);
}

/**
 * Email addresses replaced by "[address]": a local part, "@", and a domain of at least two labels.
 * @param {string} text
 */
function scrubAddresses(text) {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > copied && LOCAL_CHAR.test(text[start - 1] ?? '')) start -= 1;
    // In a JSON line, letters after a backslash belong to its escape (\n, \u0001): they stay, so the line stays JSON.
    // (An even run of backslashes is escaped backslashes, not an escape; runs past 16 are not worth counting.)
    let backslashes = 0;
    while (backslashes < 16 && text[start - 1 - backslashes] === '\\') backslashes += 1;
    if (backslashes % 2 === 1) start += /^u[0-9a-f]{4}/i.test(text.slice(start, start + 5)) ? 5 : 1;
    let end = at + 1;
    while (end < text.length && DOMAIN_CHAR.test(text[end] ?? '')) end += 1;
    while (end > at + 1 && /[.-]/.test(text[end - 1] ?? '')) end -= 1; // a full stop after an address is not its own
    const labels = text.slice(at + 1, end).split('.');
    if (start >= at || labels.length < 2 || labels.some((label) => label === '')) continue;
    out += `${text.slice(copied, start)}[address]`;
    copied = end;
  }
  return out + text.slice(copied);
}

/**
 * The text with URL credentials replaced by "[credentials]" and email addresses by "[address]".
 * @param {string} text
 * @returns {string}
 */
export function scrub(text) {
  return scrubAddresses(scrubCredentials(text));
}

/**
 * A logger writing scrubbed JSON lines to `destination` (standard output by default, written synchronously so that
 * a line said just before the process exits is not lost).
 * @param {{ level?: string, destination?: { write: (line: string) => unknown } }} [options]
 * @returns {import('pino').Logger}
 */
export function createLogger({ level = process.env.LOG_LEVEL, destination = pino.destination({ dest: 1, sync: true }) } = {}) {
  // lib/config.ts refuses an unknown LOG_LEVEL when the server starts; until then, such a one logs at "info".
  const wanted = (level ?? '').trim().toLowerCase();
  return pino(
    {
      level: LOG_LEVELS.includes(wanted) ? wanted : 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"info" rather than pino's 30: readable without pino's own tools.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    { write: (line) => destination.write(scrub(line)) },
  );
}

const SHARED = Symbol.for('briefings.log');

/**
 * The process's logger.
 * @returns {import('pino').Logger}
 */
export function log() {
  const shared = /** @type {{ [key: symbol]: import('pino').Logger | undefined }} */ (globalThis);
  shared[SHARED] ??= createLogger();
  return shared[SHARED];
}
