import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { dataDirOf, e2eDatabaseUrl } from './servers';

// What a second process meets while the server runs: on PGlite a clear refusal (the folder is the server's),
// on PostgreSQL a shared database whose changes the server shows at once.

function importCli(files: string[], env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...files], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

test("on PGlite, a second process on the server's data folder is refused and told why", async ({}, testInfo) => {
  test.skip(testInfo.project.metadata.server !== 'pglite');
  const dataDir = dataDirOf('pglite');
  const before = fs.readFileSync(path.join(dataDir, 'briefings.lock'), 'utf8');
  const result = importCli(['content'], { DATA_DIR: dataDir, DATABASE_URL: '' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(`The embedded database in ${dataDir} is in use by another process`);
  expect(result.stderr).toMatch(/pid \d+ .*server\.mjs/);
  expect(result.stderr).toContain('DATABASE_URL');
  // The server keeps its lock and keeps serving.
  expect(fs.readFileSync(path.join(dataDir, 'briefings.lock'), 'utf8')).toBe(before);
});

test('on PostgreSQL, an import from another process shows at once @postgres', async ({ request }, testInfo) => {
  test.skip(testInfo.project.metadata.server !== 'postgres');
  // An earlier issue, so that the home page other tests read stays the same.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-import-')), 'briefing-2010-09-01.txt');
  fs.writeFileSync(
    file,
    'September 1, 2010\n\nA word on mutual aid\n\nNeighbours helping neighbours.\n\nAda Lovelace\n\nA first paragraph.\n\nWe would like to hear from you.\n',
  );

  const archiveBefore = await request.get('/issues');
  await request.get('/issues'); // now cached
  expect(await archiveBefore.text()).not.toContain('A word on mutual aid');

  const result = importCli([file], { DATABASE_URL: e2eDatabaseUrl() });
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('created   2010-09-01');

  await expect(async () => {
    expect(await (await request.get('/issues')).text()).toContain('A word on mutual aid');
  }).toPass({ timeout: 5_000 });
  const issue = await request.get('/issues/2010-09-15');
  expect(await issue.text()).toContain('Previous issue');
});
