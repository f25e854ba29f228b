// Where to find a Chromium for the browser tests. Playwright's own download is blocked on machines without
// internet access, so the system's Chromium comes first. Shared by scripts/ensure-chromium.mjs and
// playwright.config.ts.
import fs from 'node:fs';
import { createRequire } from 'node:module';

export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** @returns {string | undefined} */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : undefined;
  const system = SYSTEM_CHROMIUM.find((candidate) => fs.existsSync(candidate));
  if (system) return system;
  try {
    const own = createRequire(import.meta.url)('playwright-core').chromium.executablePath();
    return own && fs.existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}
