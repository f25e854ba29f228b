import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '@/db/client';
import { migrate } from '@/db/migrate';
import { moderationLog, sends } from '@/db/schema';
import { importRealIssue } from '@/test/moderation';
import { freshAudience } from '@/test/sending';
import { withSmtpServer } from '@/test/smtp-server';

/**
 * `npm run send` as it runs: a process of its own, on the embedded database, sending through a real SMTP server.
 * (On PostgreSQL it runs the same loop beside servers and workers: lib/sending/processes.test.ts shares a send.)
 */

const smtp = withSmtpServer();

type Run = { code: number | null; output: string };

function send(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/send.ts', ...args], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      TEST_DATABASE_URL: '',
      DATABASE_URL: '',
      SITE_URL: 'http://localhost:3000',
      AUTH_SECRET: 'a-test-secret-that-is-long-enough-to-sign-with',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

// The embedded database's path (the PostgreSQL pass of the suite would only repeat it).
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('npm run send', () => {
  let dataDir: string;
  let open: () => Promise<Connection>;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-send-'));
    open = () => connect({ dataDir });
    const connection = await open();
    await migrate(connection);
    await importRealIssue(connection.db);
    await freshAudience(connection.db, 25, 'cli');
    await connection.close();
  }, 300_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('asks first, and without a terminal to answer in sends nothing', async () => {
    const run = await send(['2010-09-15'], { DATA_DIR: dataDir });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('add --yes to send without asking');
    const connection = await open();
    expect(await connection.db.select().from(sends)).toEqual([]);
    await connection.close();
  }, 120_000);

  it('tells the operator to use the send page while the server holds the embedded database', async () => {
    const server = await open(); // as a running server holds the folder
    try {
      const run = await send(['2010-09-15', '--yes'], { DATA_DIR: dataDir });
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain("Start the send on the issue's send page instead");
      expect(run.output).toContain('http://localhost:3000/admin/issues/2010-09-15/send');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('with --yes, starts the send as the command line and sends it all itself, then says how it went', async () => {
    const before = smtp.received.length;
    const run = await send(['2010-09-15', '--yes'], { DATA_DIR: dataDir });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('Sending the issue of 2010-09-15 to 25 subscribers.');
    expect(run.output).toContain('25 sent, 0 failed, 0 uncertain, 0 skipped of 25: done.');
    expect(smtp.received.length - before).toBe(25);
    expect([...smtp.perRecipient().values()].every((count) => count === 1)).toBe(true);

    const connection = await open();
    const [row] = await connection.db.select().from(sends);
    expect(row).toMatchObject({ state: 'done', audience: 25, startedByName: 'command line' });
    expect(
      await connection.db.select({ action: moderationLog.action }).from(moderationLog).where(eq(moderationLog.targetType, 'send')),
    ).toEqual([{ action: 'send-start' }]);
    await connection.close();

    const again = await send(['2010-09-15', '--yes'], { DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.output).toContain('was sent: an issue is sent once.');
  }, 600_000);
});
