import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, queryRows } from '@/db/client';
import { lockDataDir } from '@/db/lock';
import { EMAIL_ERRORS } from '@/lib/accounts/email-address';

/**
 * `npm run staff` as an admin runs it: a separate process on a PGlite data folder. (changeRole itself is tested on
 * both databases in lib/moderation/roles.test.ts.)
 */

type Run = { code: number | null; stdout: string; stderr: string };

function runStaff(dataDir: string, args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/staff.ts', ...args],
      { cwd: process.cwd(), env, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

async function rows<Row>(dataDir: string, query: ReturnType<typeof sql>): Promise<Row[]> {
  const connection = await connect({ dataDir });
  try {
    return await queryRows<Row>(connection.db, query);
  } finally {
    await connection.close();
  }
}

describe.skipIf(!!process.env.TEST_DATABASE_URL)('npm run staff (PGlite)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-staff-cli-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('grants, lists and revokes roles, logging each change as the command line', { timeout: 180_000 }, async () => {
    const dataDir = path.join(tmp, 'free');
    const granted = await runStaff(dataDir, ['grant', 'Chief@Example.org', 'admin']);
    expect(granted).toMatchObject({ code: 0, stderr: '' });
    expect(granted.stdout).toContain('chief@example.org is now an admin.');
    // Said as stored: the address that signs in to the account.
    const international = await runStaff(dataDir, ['grant', 'ＥＤ@Bücher.example', 'editor']);
    expect(international.stdout).toContain('ed@xn--bcher-kva.example is now an editor.');
    expect((await runStaff(dataDir, ['grant', 'chief@example.org', 'admin'])).stdout).toContain('is already an admin; nothing changed');
    expect((await runStaff(dataDir, ['list'])).stdout).toMatch(/admin\s+chief@example\.org/);

    const revoked = await runStaff(dataDir, ['revoke', 'chief@example.org']);
    expect(revoked.stdout).toContain('chief@example.org is now a reader.');
    const log = await rows<{ actor_name: string; action: string; after: { role: string } }>(
      dataDir,
      sql`select actor_name, action, after from moderation_log order by id`,
    );
    expect(log).toEqual([
      { actor_name: 'command line', action: 'role', after: { role: 'admin' } },
      { actor_name: 'command line', action: 'role', after: { role: 'editor' } },
      { actor_name: 'command line', action: 'role', after: { role: 'reader' } },
    ]);
  });

  it('refuses unknown roles, bad addresses and unknown accounts with a clear message', { timeout: 120_000 }, async () => {
    const dataDir = path.join(tmp, 'refusals');
    const badRole = await runStaff(dataDir, ['grant', 'a@example.org', 'king']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('“king” is not a role. Roles: reader, moderator, editor, admin.');
    const usage = await runStaff(dataDir, ['promote', 'a@example.org']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('npm run staff -- grant EMAIL ROLE');
    const badAddress = await runStaff(dataDir, ['grant', 'not-an-address', 'moderator']);
    expect(badAddress.code).toBe(1);
    expect(badAddress.stderr.trim()).toBe(EMAIL_ERRORS.noAt);
    const lookalike = await runStaff(dataDir, ['grant', '\u0430dmin@example.org', 'admin']);
    expect(lookalike.code).toBe(1);
    expect(lookalike.stderr.trim()).toBe(EMAIL_ERRORS.mixedScripts);
    const unknown = await runStaff(dataDir, ['revoke', 'nobody@example.org']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('No account has the address nobody@example.org.');
    expect(await rows(dataDir, sql`select id from users`)).toEqual([]);
  });

  it('refuses while the server holds the embedded database, naming the remedy', { timeout: 90_000 }, async () => {
    const dataDir = path.join(tmp, 'locked');
    const release = lockDataDir(dataDir);
    try {
      const run = await runStaff(dataDir, ['grant', 'a@example.org', 'moderator']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`The embedded database in ${dataDir} is in use by another process`);
      expect(run.stderr).toContain('stop `npm start`, run this command, then start it again');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(false);
    } finally {
      release();
    }
  });
});
