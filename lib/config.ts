import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the app reads from the environment, validated once. A bad or missing value stops the process
 * with a message that names the variable, instead of failing later in some query or render.
 */
const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/\S+$/.test(value), 'must be a postgres:// or postgresql:// URL');

const schema = z.object({
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
});

export type Config = z.infer<typeof schema> & { SITE_URL: string; dataDir: string };

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
  return { ...result.data, SITE_URL, dataDir: path.resolve(result.data.DATA_DIR) };
}

let current: Config | undefined;

/** The process's configuration, read from process.env on first use. */
export function config(): Config {
  current ??= parseConfig(process.env);
  return current;
}
