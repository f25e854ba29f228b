import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { expectAccessible } from './axe';
import { newReader } from './readers';
import { e2eDatabaseUrl } from './servers';

// An article's responses mode: closed shows why and no form; premoderated holds a response for review. There is no
// staff page to switch modes yet, so this runs where the test can reach the database beside the server: PostgreSQL.

const DATE = '2010-08-18';
const CLOSED = `/issues/${DATE}/a-discussion-now-closed`;
const HELD = `/issues/${DATE}/a-reviewed-discussion`;

test.beforeAll(async ({}, testInfo) => {
  if (testInfo.project.metadata.server !== 'postgres') return;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-modes-')), 'briefing.txt');
  fs.writeFileSync(
    file,
    `${DATE}\n\nA discussion now closed\n\nIts standfirst.\n\nAnn Author\n\nIts body.\n\n---\n\nA reviewed discussion\n\nAnother standfirst.\n\nAnn Author\n\nAnother body.\n`,
  );
  const imported = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
  });
  expect(imported.status, imported.stderr).toBe(0);
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  await client.query('begin');
  await client.query(
    "update articles set responses_mode = 'closed', responses_note = 'This discussion closed when the consultation ended.' where slug = 'a-discussion-now-closed'",
  );
  await client.query("update articles set responses_mode = 'premoderated' where slug = 'a-reviewed-discussion'");
  // What a staff page will do: tell every server what changed.
  await client.query(`select pg_notify('briefings_cache', '["content"]')`);
  await client.query('commit');
  await client.end();
});

test('a closed article says why and offers no form; a premoderated one holds a response for review', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.server !== 'postgres', 'needs the database beside the server');
  await page.goto(CLOSED);
  await expect(page.getByText('This discussion closed when the consultation ended.')).toBeVisible();
  await expect(page.getByLabel('Your response', { exact: true })).toHaveCount(0);
  await expectAccessible(page);

  await newReader(page, 'Pat Patient');
  await page.goto(HELD);
  await expect(page.getByText('Responses to this article are read by a moderator before they appear.')).toBeVisible();
  const text = `Held for review ${Date.now()}`;
  await page.getByLabel('Your response', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Post response' }).click();
  await expect(page).toHaveURL(/\/responses\/\d+\?posted=pending$/);
  await expect(page.getByRole('status')).toContainText('read by a moderator before they appear');
  await expectAccessible(page);
  await page.goto(HELD);
  await expect(page.getByText(text)).toHaveCount(0);
});
