import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { deliveries, sends } from '@/db/schema';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { config } from '@/lib/config';
import { run } from '@/test/commands';
import { withRealIssue } from '@/test/real-issue';
import { freshAudience, publishedIssue, until } from '@/test/sending';
import { withSmtpServer } from '@/test/smtp-server';
import { startSend } from './commands';
import { sendProgress } from './queries';

/**
 * Sending in processes of their own (test/fixtures/sending-process.ts runs the workers and the sending loop), as
 * servers and `npm run worker` do: stopped by SIGTERM mid-send, killed with -9 mid-send and started again, and — on
 * PostgreSQL — two at once sharing one send. Nobody receives a message twice (but for rows marked uncertain, which
 * may or may not have arrived once), nobody is missed, and the counts add up to the audience.
 *
 * On PGlite only one process may open the folder: this file closes its own connection while a child sends, and
 * reads the results once the child is gone.
 */

const smtp = withSmtpServer({
  SEND_RATE: '40',
  SMTP_POOL: '4',
  SITE_URL: 'http://localhost:3000',
  AUTH_SECRET: 'a-test-secret-that-is-long-enough-to-sign-with',
});
const { db } = withRealIssue();
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

type Child = { exited: Promise<number | null>; output: () => string; kill: (signal: NodeJS.Signals) => void };

function startChild(name: string, env: Record<string, string> = {}): Child {
  const { DATABASE_URL, dataDir, SMTP_URL } = config();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/sending-process.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: DATABASE_URL ?? '',
      DATA_DIR: dataDir,
      SMTP_URL: SMTP_URL!,
      SENDER_NAME: name,
      SENDER_LEASE_SECONDS: '10',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return {
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null)))),
    output: () => output,
    kill: (signal) => child.kill(signal),
  };
}

/** On PGlite, the folder is the child's while it runs: let go of it first. */
async function handOver() {
  if (!onPostgres) await closeDb();
}

async function rowsOf(sendId: number) {
  const database = await getDb();
  return database.select().from(deliveries).where(eq(deliveries.sendId, sendId)).orderBy(deliveries.id);
}

describe('sending processes', () => {
  it('stopped by SIGTERM, finish what is in flight; killed with -9, leave uncertain rows only; started again, finish without sending anyone twice', async () => {
    const audience = await freshAudience(db(), 240, 'crash');
    const { output } = await run(startSend, COMMAND_LINE, { issueId: await publishedIssue(db()) });
    const sendId = output.sendId;
    await handOver();

    // Stopped politely mid-send: the messages in flight are finished and marked.
    const first = startChild('first');
    await until(() => smtp.received.length >= 30 || first.output().includes('Error'), 120_000, 'the first child to send');
    first.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe(0);
    expect(first.output()).toContain('stopped (SIGTERM)');
    const afterTerm = await rowsOf(sendId);
    expect(afterTerm.filter((row) => row.status === 'sending' || row.status === 'uncertain')).toEqual([]);
    const sentAfterTerm = afterTerm.filter((row) => row.status === 'sent').length;
    expect(sentAfterTerm).toBe(smtp.received.length);
    expect(sentAfterTerm).toBeLessThan(240);
    await handOver();

    // Killed mid-send.
    const second = startChild('second');
    await until(() => smtp.received.length >= sentAfterTerm + 40, 120_000, 'the second child to send');
    second.kill('SIGKILL');
    await second.exited;

    // Started again: it carries on by itself, and finishes.
    const third = startChild('third', { EXIT_WHEN_IDLE: '1' });
    expect(await third.exited, third.output()).toBe(0);

    const rows = await rowsOf(sendId);
    const received = smtp.perRecipient();
    const statuses = new Map(rows.map((row) => [row.email, row.status]));
    for (const { email } of audience) {
      const status = statuses.get(email);
      if (status === 'uncertain') expect(received.get(email) ?? 0, email).toBeLessThanOrEqual(1);
      else {
        expect(status, email).toBe('sent');
        expect(received.get(email), email).toBe(1);
      }
    }
    const progress = await sendProgress(await getDb(), sendId);
    expect(progress).toMatchObject({ state: 'done', audience: 240, queued: 0, sending: 0, failed: 0, skipped: 0 });
    expect(progress!.sent + progress!.uncertain).toBe(240);
    // The rows the killed process held are the uncertain ones, and only those.
    for (const row of rows.filter((row) => row.status === 'uncertain')) expect(row.leasedBy).toBe('second');
  }, 900_000);

  it.skipIf(!onPostgres)(
    'share one send between two processes on PostgreSQL: no duplicates, both did work',
    async () => {
      const audience = await freshAudience(db(), 600, 'shared');
      const { output } = await run(startSend, COMMAND_LINE, { issueId: await publishedIssue(db()) });
      await db().update(sends).set({ ratePerSecond: 150 }).where(eq(sends.id, output.sendId));
      const before = smtp.received.length;

      const children = [startChild('one', { EXIT_WHEN_IDLE: '1' }), startChild('two', { EXIT_WHEN_IDLE: '1' })];
      for (const child of children) expect(await child.exited, child.output()).toBe(0);

      const received = smtp.perRecipient();
      for (const { email } of audience) expect(received.get(email), email).toBe(1);
      expect(smtp.received.length - before).toBe(600);
      const rows = await rowsOf(output.sendId);
      expect(rows.every((row) => row.status === 'sent')).toBe(true);
      const byName = new Map<string, number>();
      for (const row of rows) byName.set(row.leasedBy!, (byName.get(row.leasedBy!) ?? 0) + 1);
      expect([...byName.keys()].sort()).toEqual(['one', 'two']);
      expect(await sendProgress(db(), output.sendId)).toMatchObject({ state: 'done', sent: 600 });
    },
    600_000,
  );
});
