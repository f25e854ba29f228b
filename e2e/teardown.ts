import fs from 'node:fs';

/** Removes the PGlite server's data folder once the browser tests are done with it. */
export default function teardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (dir && dir.includes('briefings-e2e-')) fs.rmSync(dir, { recursive: true, force: true });
}
