import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { asOwnClient, newAddress, signIn } from './readers';
import { dataDirOf } from './servers';

// The running server's data folder is its user's alone (lib/server/private-files.ts): the database PGlite keeps
// writing, its lock, the auth secret and the outgoing mail. (The sign-in pages themselves, and their axe checks, are
// tested in responses.spec.ts; here they only make the server write.)

type Loose = { entry: string; mode: string };

/** Every file and folder under `root` whose mode is not 0600 (file) or 0700 (folder); links are not followed. */
function notPrivate(root: string, seen: { files: number; folders: number }): Loose[] {
  const loose: Loose[] = [];
  const visit = (entry: string) => {
    // The server keeps writing meanwhile: a file it removed between the listing and now is simply gone.
    const stats = fs.lstatSync(entry, { throwIfNoEntry: false });
    if (!stats) return;
    const mode = stats.mode & 0o7777;
    if (stats.isDirectory()) {
      seen.folders++;
      if (mode !== 0o700) loose.push({ entry, mode: mode.toString(8) });
      const children = fs.existsSync(entry) ? fs.readdirSync(entry) : [];
      for (const child of children) visit(path.join(entry, child));
    } else if (stats.isFile()) {
      seen.files++;
      if (mode !== 0o600) loose.push({ entry, mode: mode.toString(8) });
    }
  };
  visit(root);
  return loose;
}

test("on PGlite, every file and folder in the server's data folder is readable by its user only", async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.server !== 'pglite');
  const dataDir = dataDirOf('pglite');
  // Makes the server write: the sign-in mail, a signed token (the auth secret), the reader and the session.
  await asOwnClient(page);
  await signIn(page, newAddress());

  const seen = { files: 0, folders: 0 };
  expect(notPrivate(dataDir, seen)).toEqual([]);
  for (const made of ['auth-secret', 'briefings.lock', 'mail', 'pglite/PG_VERSION', 'pglite/pg_wal']) {
    expect(fs.existsSync(path.join(dataDir, made)), made).toBe(true);
  }
  expect(seen.files).toBeGreaterThan(500);
});
