import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { preparedSessionPage } from './readers';
import { servers, type ServerName } from './servers';
import { ESTABLISHED_READERS, ESTABLISHED_READERS_ARTICLE } from './staff';

// A reply email is a job in the database, written with the reply: a server killed after the reply is committed,
// before the email goes, sends it once it is back — once. On each database, with a server of the test's own.

test.describe.configure({ mode: 'serial' });

const ARTICLE = `/issues/2010-08-18/${ESTABLISHED_READERS_ARTICLE}`;
const { ellis: answered, robin: replier } = ESTABLISHED_READERS;

test('a reply email survives the server being killed before sending it, and is sent once after the restart @postgres', async ({
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const name = testInfo.project.metadata.server as ServerName;
  const port = servers[name].port + 60;
  const base = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-killed-server-'));
  const database = name === 'postgres' ? await freshDatabase(`briefings_test_e2e_jobs_${port}`) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    SITE_URL: base,
    DATA_DIR: dataDir,
    DATABASE_URL: database?.url ?? '',
    MAIL_DIR: '',
    SMTP_URL: '',
    TRUST_PROXY: '',
  };
  const mailsToAnswered = () => {
    const dir = path.join(dataDir, 'mail');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    return files.filter((file) => fs.readFileSync(path.join(dir, file), 'utf8').includes(`To: ${answered.email}`));
  };

  try {
    // The established readers, signed in already, and their responses (e2e/prepare.ts, as for the shared servers).
    const prepared = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'e2e/prepare.ts'], { encoding: 'utf8', env });
    expect(prepared.status, prepared.stderr).toBe(0);

    // The first server holds each reply email for ten minutes before sending it: time to kill it there.
    const first = start(env, { BRIEFINGS_TEST_PAUSE_REPLY_MAIL_MS: '600000' });
    await ready(first, base);
    const page = await preparedSessionPage(browser, 'robin', dataDir);
    await page.goto(`${base}${ARTICLE}`);
    await page
      .locator('article.response')
      .filter({ hasText: `${answered.name} was here.` })
      .getByRole('link', { name: `Reply to ${answered.name}` })
      .click();
    await page.getByLabel(`Your reply to ${answered.name}`).fill(`${replier.name} answers, just before a crash.`);
    await page.getByRole('button', { name: 'Post reply' }).click();
    await expect(page).toHaveURL(/#response-\d+$/);
    const replyId = new URL(page.url()).hash.replace('#response-', '');
    await page.context().close();

    // Committed, taken by the server's worker, not yet sent: kill the server there, with no chance to clean up.
    await expect(() => expect(first.output()).toContain(`before the reply email for response ${replyId}`)).toPass({ timeout: 30_000 });
    first.process.kill('SIGKILL');
    await first.exited;
    expect(mailsToAnswered()).toEqual([]);

    // Back, without the pause. The job left running is tried again — at once on PGlite (this process is the only
    // one), after its minute's expiry on PostgreSQL — and sends the email, once.
    const second = start(env);
    await ready(second, base);
    await expect(() => expect(mailsToAnswered()).toHaveLength(1)).toPass({ timeout: 200_000, intervals: [1000] });
    await new Promise((resolve) => setTimeout(resolve, 5000));
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(mailsToAnswered()).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, 'mail', mailsToAnswered()[0]!), 'utf8')).toContain(`response-${replyId}`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
});

type Server = { process: ChildProcess; exited: Promise<number | null>; output: () => string };

function start(env: NodeJS.ProcessEnv, extra: Record<string, string> = {}): Server {
  let output = '';
  const child = spawn(process.execPath, ['server.mjs'], { env: { ...env, ...extra } });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { process: child, exited: new Promise((resolve) => child.once('exit', resolve)), output: () => output };
}

async function ready(server: Server, base: string) {
  const status = () =>
    fetch(`${base}/robots.txt`).then(
      (response) => response.status,
      () => 0,
    );
  await expect(async () => expect(await status(), server.output()).toBe(200)).toPass({ timeout: 60_000 });
}

/** A new database of the test's own on the TEST_DATABASE_URL server. */
async function freshDatabase(databaseName: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`drop database if exists ${databaseName} with (force)`);
  await admin(`create database ${databaseName}`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${databaseName}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${databaseName} with (force)`) };
}
