import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connect, type Connection } from '@/db/client';
import { withFreshDatabase } from '@/test/database';
import { jobRows } from '@/test/jobs';
import { bossOver } from './boss';
import { enqueue } from './enqueue';
import { defineJob, type JobHandler } from './job';
import { installJobStorage } from './storage';
import { startWorkers } from './workers';

// Workers as a process runs them: polling, finishing what runs when stopped, taking over what a dead process left.

const { connection } = withFreshDatabase();
const db = () => connection().db;

/** Calls to the test jobs' handler, by job; each test sets what the handler does. */
let behaviour: JobHandler<{ n: number }> = async () => {};
const calls: { n: number; jobId: string; worker: string }[] = [];
const counted = defineJob({
  name: 'test-counted',
  payload: z.object({ n: z.number() }),
  handler: async () => (payload, context) => behaviour(payload, context),
  queue: { retryLimit: 1, retryDelay: 1, retryBackoff: false, expireInSeconds: 30 },
});

// Scheduled every minute: pg-boss's clock, in the workers, enqueues it.
const ticks: string[] = [];
const everyMinute = defineJob({
  name: 'test-every-minute',
  payload: z.object({ from: z.literal('the schedule') }),
  handler:
    async () =>
    async (_payload, { jobId }) =>
      void ticks.push(jobId),
  queue: { retryLimit: 0, retryDelay: 1, retryBackoff: false, expireInSeconds: 30 },
  schedule: { cron: '* * * * *', payload: { from: 'the schedule' } },
});

beforeAll(async () => {
  await installJobStorage(connection(), [counted, everyMinute]);
});

function enqueueMany(count: number) {
  return db().transaction(async (tx) => {
    for (let n = 1; n <= count; n += 1) await enqueue(tx, counted, { n });
  });
}

async function until(condition: () => Promise<boolean> | boolean, timeout = 30_000) {
  for (const start = Date.now(); !(await condition());) {
    if (Date.now() - start > timeout) throw new Error('Timed out waiting.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const states = async () => (await jobRows(db(), counted.name)).map((row) => row.state);

describe('workers', () => {
  it('run queued jobs, and when stopped let the running one finish first', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    behaviour = async ({ n }, { jobId }) => {
      calls.push({ n, jobId, worker: 'one' });
      await released;
    };
    const workers = await startWorkers(connection(), [counted]);
    await enqueueMany(1);
    await until(() => calls.length === 1);

    let stopped = false;
    const stopping = workers.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await states()).toEqual(['completed']);
  });

  it('run scheduled jobs, enqueued by pg-boss’s clock', async () => {
    const workers = await startWorkers(connection(), [everyMinute]);
    try {
      await until(() => ticks.length > 0, 90_000);
    } finally {
      await workers.stop();
    }
    expect(await jobRows(db(), everyMinute.name)).toContainEqual(
      expect.objectContaining({ id: ticks[0], state: 'completed', data: { from: 'the schedule' } }),
    );
  });

  it.skipIf(!!process.env.TEST_DATABASE_URL)('on PGlite, run again at start a job that a process which died had left running', async () => {
    calls.length = 0;
    behaviour = async ({ n }, { jobId }) => void calls.push({ n, jobId, worker: 'after the crash' });
    await enqueueMany(1);
    // Taken, as a worker takes it, by a process that then dies without a word.
    const [taken] = await bossOver(connection()).fetch(counted.name);
    expect(await states()).toEqual(['completed', 'active']);

    const log = console.log;
    console.log = () => {};
    const workers = await startWorkers(connection(), [counted]).finally(() => (console.log = log));
    try {
      await until(() => calls.length === 1);
      expect(calls).toEqual([{ n: 1, jobId: taken!.id, worker: 'after the crash' }]);
    } finally {
      await workers.stop();
    }
  });
});

// Two processes' workers on one PostgreSQL database (PGlite has one process only).
describe.skipIf(!process.env.TEST_DATABASE_URL)('two workers on PostgreSQL', () => {
  let second: Connection;
  beforeAll(async () => {
    second = await connect({ databaseUrl: process.env.DATABASE_URL, dataDir: '.' });
  });
  afterAll(() => second.close());

  it('never run the same job twice', async () => {
    calls.length = 0;
    const before = (await jobRows(db(), counted.name)).length;
    behaviour = async ({ n }, { jobId, db: handlerDb }) => {
      calls.push({ n, jobId, worker: handlerDb === second.db ? 'two' : 'one' });
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const one = await startWorkers(connection(), [counted]);
    const two = await startWorkers(second, [counted]);
    try {
      await enqueueMany(40);
      await until(async () => (await states()).filter((state) => state === 'completed').length === before + 40, 120_000);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
    expect(calls.map((call) => call.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(calls.map((call) => call.jobId)).size).toBe(40);
    // Both took jobs, from the one queue at the same time.
    expect(calls.filter((call) => call.worker === 'one').length).toBeGreaterThan(0);
    expect(calls.filter((call) => call.worker === 'two').length).toBeGreaterThan(0);
  });
});
