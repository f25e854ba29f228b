import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy } from './http/client-address.mjs';
import { LOG_LEVELS } from './ops/levels.mjs';

/**
 * Every setting the app reads from the environment, validated once. A bad or missing value stops the process
 * with a message that names the variable, instead of failing later in some query or render.
 */
const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/\S+$/.test(value), 'must be a postgres:// or postgresql:// URL');

/**
 * The key Next encrypts server actions' closed-over values and ids with. Every instance must serve a build made
 * with the same one, or a form rendered by one instance fails on another ("Failed to find Server Action").
 * AES-256: base64 of exactly 32 bytes.
 */
const actionsKey = z
  .string()
  .trim()
  .refine(
    (value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 && Buffer.from(value, 'base64').length === 32,
    'must be base64 of exactly 32 random bytes (try: openssl rand -base64 32)',
  );

/** Names one build across instances; Next puts it in asset addresses (?dpl=) and a response header, so kept short. */
const deploymentId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a short token of letters, digits, ".", "_" and "-" (up to 64), like 2026-12-03.1');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number({ error: 'must be a port number, like 3000' }).int().min(1).max(65535).default(3000),
    /** Defaults to http://localhost:PORT. */
    SITE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, like https://briefing.example.org' })
      .refine((value) => {
        if (!URL.canParse(value)) return true; // already refused as not a URL
        const url = new URL(value);
        return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      }, "must be the site's address alone (scheme, host and port, like https://briefing.example.org), with no path, query or fragment")
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
    SITE_NAME: z.string().trim().min(1).max(80).default('The Fortnightly Briefing'),
    DATA_DIR: z.string().trim().min(1).default('.data'),
    DATABASE_URL: postgresUrl.optional(),
    /** Signs sign-in links and cookies. Required for a public SITE_URL; on this machine one is made and kept in DATA_DIR. */
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters (try: openssl rand -base64 32)').optional(),
    /** smtp://user:password@host:587 or smtps://…; without it, mail is written to MAIL_DIR as .eml files. */
    SMTP_URL: z
      .string()
      .refine(
        (value) => /^smtps?:\/\/\S+$/.test(value),
        'must be an smtp:// or smtps:// URL, like smtp://user:password@mail.example.org:587',
      )
      .optional(),
    /** The From of every message: an address, or "Name <address>". */
    MAIL_FROM: z
      .string()
      .refine((value) => !/[\r\n]/.test(value), 'must be one line')
      .refine(
        (value) => /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(value.trim()),
        'must be an address, or "Name <address>"',
      )
      .optional(),
    /** How to read the client's address: no proxy (the socket), a number of proxy hops, or the proxies' addresses. */
    TRUST_PROXY: z
      .string()
      .optional()
      .superRefine((value, context) => {
        try {
          parseTrustProxy(value);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }),
    /** Where mail goes without SMTP_URL; DATA_DIR/mail by default. */
    MAIL_DIR: z.string().trim().min(1).optional(),
    /** How many SMTP connections each process keeps open for sending the briefing. */
    SMTP_POOL: z.coerce.number({ error: 'must be a number of connections, like 10' }).int().min(1).max(100).default(10),
    /** Messages per second for sending the briefing, shared by every instance (counted in the database). */
    SEND_RATE: z.coerce.number({ error: 'must be a number of messages per second, like 50' }).int().min(1).max(10000).default(50),
    /** DKIM signing of outgoing mail: all three, or none. */
    DKIM_DOMAIN: z
      .string()
      .trim()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name, like example.org')
      .optional(),
    DKIM_SELECTOR: z
      .string()
      .trim()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i, 'must be a DNS label, like briefing2026')
      .optional(),
    /** The PEM private key, with real or \n-escaped line breaks. */
    DKIM_PRIVATE_KEY: z
      .string()
      .transform((value) => value.replace(/\\n/g, '\n').trim())
      .refine(
        (value) => /^-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----$/.test(value),
        'must be a PEM private key (-----BEGIN PRIVATE KEY----- …)',
      )
      .optional(),
    /** How much the server logs (lib/ops/log.mjs): fatal, error, warn, info, debug, trace or silent. */
    LOG_LEVEL: z
      .string()
      .trim()
      .toLowerCase()
      .refine((value) => LOG_LEVELS.includes(value), `must be one of ${LOG_LEVELS.join(', ')}`)
      .default('info'),
    /** The Bearer token /metrics asks for; without it, /metrics is not served at all (404). */
    METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters (try: openssl rand -hex 32)').optional(),
    /** Required to build for several instances (with DATABASE_URL); see "Running several instances" in README.md. */
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: actionsKey.optional(),
    NEXT_DEPLOYMENT_ID: deploymentId.optional(),
    /** The time zone schedules are shown and entered in (an IANA name). */
    SITE_TIME_ZONE: z
      .string()
      .trim()
      .refine((value) => {
        try {
          new Intl.DateTimeFormat('en-GB', { timeZone: value });
          return true;
        } catch {
          return false;
        }
      }, 'must be a time zone name, like Europe/London')
      .default('Europe/London'),
  })
  .superRefine((value, context) => {
    const dkim = [value.DKIM_DOMAIN, value.DKIM_SELECTOR, value.DKIM_PRIVATE_KEY].filter((part) => part !== undefined).length;
    if (dkim !== 0 && dkim !== 3)
      context.addIssue({
        code: 'custom',
        path: ['DKIM_PRIVATE_KEY'],
        message: 'DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY go together: set all three or none',
      });
  });

export type Config = z.infer<typeof schema> & { SITE_URL: string; dataDir: string; mailDir: string };

export class ConfigError extends Error {
  constructor(issues: readonly z.core.$ZodIssue[]) {
    const lines = issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    super(`Invalid configuration:\n${lines.join('\n')}\nSee "Configuration" in README.md.`);
    this.name = 'ConfigError';
  }
}

/** Parses a given environment; pure, so it can be tested without touching process.env. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (`DATABASE_URL=` in a shell or .env file) means "not set", as it does to most tools.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = schema.safeParse(set);
  if (!result.success) throw new ConfigError(result.error.issues);
  const { SITE_URL = `http://localhost:${result.data.PORT}` } = result.data;
  // Paths chosen at run time: the comments keep Next's file tracing from including the whole project for them.
  const dataDir = path.resolve(/* turbopackIgnore: true */ result.data.DATA_DIR);
  const mailDir = path.resolve(/* turbopackIgnore: true */ result.data.MAIL_DIR ?? path.join(dataDir, 'mail'));
  return { ...result.data, SITE_URL, dataDir, mailDir };
}

/**
 * The configuration `npm run build` checks: the app's own, plus the key every instance shares when there can be
 * several (on PostgreSQL). Without one, Next makes a fresh key per build, which is right for one machine only.
 */
export function parseBuildConfig(env: Record<string, string | undefined>): Config {
  const parsed = parseConfig(env);
  if (parsed.DATABASE_URL && !parsed.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY)
    throw new ConfigError([
      {
        code: 'custom',
        input: undefined,
        path: ['NEXT_SERVER_ACTIONS_ENCRYPTION_KEY'],
        message: 'is required to build with DATABASE_URL set, where several instances serve one build (try: openssl rand -base64 32)',
      },
    ]);
  return parsed;
}

let current: Config | undefined;

/** The process's configuration, read from process.env on first use. */
export function config(): Config {
  current ??= parseConfig(process.env);
  return current;
}
