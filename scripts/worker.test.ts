import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '@/db/client';
import { migrate } from '@/db/migrate';
import { responses } from '@/db/schema';
import { queueReplyNotification } from '@/lib/responses/reply-notification';
import { createTestDatabase, dropTestDatabase } from '@/test/database';
import { importRealIssue, insertPerson } from '@/test/moderation';

/** `npm run worker` as it runs: a process of its own (with package.json's flags), stopped by a signal. */

type Worker = { exited: Promise<number | null>; output: () => string; kill: (signal: NodeJS.Signals) => void };

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, TEST_DATABASE_URL: '', LOG_LEVEL: 'info', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return {
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    output: () => output,
    kill: (signal) => child.kill(signal),
  };
}

async function until(condition: () => boolean, timeout = 60_000) {
  for (const start = Date.now(); !condition();) {
    if (Date.now() - start > timeout) throw new Error('Timed out waiting.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-worker-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npm run worker', () => {
  it('refuses to run on the embedded database, saying that the server runs the jobs, and leaves the folder alone', async () => {
    const dataDir = path.join(tmp, 'pglite');
    const worker = startWorker({ DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('npm run worker runs jobs beside the server on PostgreSQL (set DATABASE_URL).');
    expect(worker.output()).toContain('the server, which runs the jobs\nitself');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  describe.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL', () => {
    let database: { name: string; url: string };
    let connection: Connection;
    beforeAll(async () => {
      database = await createTestDatabase(process.env.TEST_DATABASE_URL!, 'worker');
      connection = await connect({ databaseUrl: database.url, dataDir: tmp });
      await migrate(connection);
    });
    afterAll(async () => {
      await connection.close();
      await dropTestDatabase(process.env.TEST_DATABASE_URL!, database.name);
    });

    it('sends a queued reply email, and on SIGTERM finishes the one it is sending before it stops', async () => {
      const site = await importRealIssue(connection.db);
      const answered = await insertPerson(connection.db, 'reader', { displayName: 'Ada Answered' });
      const replier = await insertPerson(connection.db, 'reader', { displayName: 'Rory Replier' });
      const [parent] = await connection.db
        .insert(responses)
        .values({ articleId: site.articleId, authorId: answered.id, body: 'A first thought.' })
        .returning({ id: responses.id });
      const [reply] = await connection.db
        .insert(responses)
        .values({ articleId: site.articleId, authorId: replier.id, parentId: parent!.id, replyToId: parent!.id, body: 'A reply.' })
        .returning({ id: responses.id });
      expect(await connection.db.transaction((tx) => queueReplyNotification(tx, reply!.id))).toBe(true);

      const mailDir = path.join(tmp, 'mail');
      const worker = startWorker({
        DATABASE_URL: database.url,
        DATA_DIR: tmp,
        MAIL_DIR: mailDir,
        SMTP_URL: '',
        SITE_URL: 'http://localhost:3000',
        // The email waits three seconds before it goes: the signal comes while it is being sent.
        BRIEFINGS_TEST_PAUSE_REPLY_MAIL_MS: '3000',
      });
      await until(() => worker.output().includes(`pausing 3000 ms before the reply email for response ${reply!.id}`));
      worker.kill('SIGTERM');

      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain('Briefings worker: SIGTERM: finishing the running jobs, then closing the database.');
      expect(worker.output()).toContain('Briefings worker: stopped.');
      const mails = fs.readdirSync(mailDir).map((name) => fs.readFileSync(path.join(mailDir, name), 'utf8'));
      expect(mails).toHaveLength(1);
      expect(mails[0]).toContain(`To: ${answered.email}`);
      const { rows } = await connection.executeSql(`select state::text from pgboss.job where name = 'reply-notification'`);
      expect(rows).toEqual([{ state: 'completed' }]);
    });
  });
});
