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

// user:password@ (or a lone user@) after a URL's scheme: smtp://, postgres://, https://.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
// An address's usual shape. The local part leaves out quotes, backslashes and brackets, so that in a JSON line
// the match never reaches across a string's end.
const EMAIL_ADDRESS = /[a-z0-9.!#$%&*+=?^_`|~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/gi;

/**
 * The text with URL credentials replaced by "[credentials]" and email addresses by "[address]".
 * @param {string} text
 * @returns {string}
 */
export function scrub(text) {
  return text.replace(URL_CREDENTIALS, '$1[credentials]@').replace(EMAIL_ADDRESS, '[address]');
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
