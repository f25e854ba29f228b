import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { smtpSink } from '@/test/smtp-sink';
import { servers } from './servers';
import { E2E_SUBSCRIBERS } from './staff';

// `npm run send` beside the running production server on the embedded database: the server holds the data folder,
// so the command hands it the send through the control channel (DATA_DIR/control.json) and draws the progress it
// reads back. A server of its own (an issue is sent once; the shared servers' issues belong to send.spec.ts),
// sending to a real SMTP server in this process.

const ADDED = 60;

/** Runs a command to its end without blocking this process (whose SMTP server must keep answering). */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { status: await exited(child), output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

test('on PGlite, npm run send hands the send to the running server and shows its progress to the end; each subscriber gets one message', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'pglite', 'the embedded database, once');
  // About a minute on a quiet machine; a server's first start takes far longer on a loaded one.
  test.setTimeout(240_000);
  const sink = smtpSink();
  const smtpUrl = await sink.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-e2e-send-command-'));
  const port = servers.pglite.port + 5;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    SITE_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    SMTP_URL: smtpUrl,
    SEND_RATE: '100',
    DATABASE_URL: '',
    TEST_DATABASE_URL: '',
    TRUST_PROXY: '',
  };
  delete env.MAIL_DIR;
  let server: ChildProcess | undefined;
  try {
    // Migrated and seeded with the issue of content/, the e2e subscribers and more, before the server opens it.
    for (const script of [['e2e/prepare.ts'], ['test/fixtures/add-subscribers.ts', String(ADDED), 'handed']]) {
      const prepared = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', ...script], env);
      expect(prepared.status, prepared.output).toBe(0);
    }
    server = spawn(process.execPath, ['server.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let serverOutput = '';
    server.stdout!.on('data', (chunk) => (serverOutput += chunk));
    server.stderr!.on('data', (chunk) => (serverOutput += chunk));
    const controlFile = path.join(dataDir, 'control.json');
    await expect.poll(() => fs.existsSync(controlFile) || serverOutput, { timeout: 150_000 }).toBe(true);
    expect(fs.statSync(controlFile).mode & 0o777).toBe(0o600);

    const { status, output } = await run('npm', ['run', 'send', '--', '2010-09-15', '--yes'], env);
    expect(status, output).toBe(0);
    const audience = E2E_SUBSCRIBERS.length + ADDED;
    expect(output).toContain(`asking it at http://127.0.0.1:${port}`);
    expect(output).toContain(`Sending the issue of 2010-09-15 to ${audience} subscribers.`);
    expect(output).toContain(`${audience} sent, 0 failed, 0 uncertain, 0 skipped of ${audience}: done.`);

    const received = sink.perRecipient();
    const everyone = [...E2E_SUBSCRIBERS, ...Array.from({ length: ADDED }, (_, i) => `handed-${i + 1}@example.org`)];
    expect(everyone.map((email) => [email, received.get(email)])).toEqual(everyone.map((email) => [email, 1]));
    expect(sink.received).toHaveLength(audience);

    // A clean stop takes the channel with it.
    server.kill('SIGTERM');
    expect(await exited(server), serverOutput).toBe(0);
    expect(fs.existsSync(controlFile)).toBe(false);
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await exited(server);
    }
    await sink.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
