import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { config, ConfigError } from '@/lib/config';
import { privateDataDir } from '@/lib/server/private-files';

/** A site reachable from elsewhere: anything but this machine. */
export function isPublicSite(siteUrl: string): boolean {
  const host = new URL(siteUrl).hostname;
  return !['localhost', '127.0.0.1', '::1', '[::1]'].includes(host) && !host.endsWith('.localhost');
}

let cached: string | undefined;

/**
 * The secret that signs sign-in tokens and cookies. A public site must set AUTH_SECRET (and every instance of it
 * the same one); on this machine, one is generated on first use and kept in DATA_DIR/auth-secret (readable by
 * this user only), so that sign-in works out of the box and survives restarts.
 */
export function authSecret(): string {
  if (cached) return cached;
  const { AUTH_SECRET, SITE_URL, dataDir } = config();
  if (AUTH_SECRET) return (cached = AUTH_SECRET);
  if (isPublicSite(SITE_URL)) {
    throw new ConfigError([
      {
        code: 'custom',
        path: ['AUTH_SECRET'],
        message: `is required for a public SITE_URL (${SITE_URL}); try: openssl rand -base64 32`,
        input: undefined,
      },
    ]);
  }
  const file = path.join(dataDir, 'auth-secret');
  privateDataDir(dataDir); // an older version's secret may still be readable by others
  try {
    cached = fs.readFileSync(file, 'utf8').trim();
  } catch {
    const generated = randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, generated, { flag: 'wx', mode: 0o600 });
      cached = generated;
    } catch {
      cached = fs.readFileSync(file, 'utf8').trim(); // another process wrote it first
    }
  }
  return cached;
}
