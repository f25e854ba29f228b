import type PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Connection, Db } from '@/db/client';
import { bossOver, type BossDb } from './boss';
import { allJobs } from './definitions';
import { startSender, type SenderOptions } from '@/lib/sending/sender';
import type { AnyJob, JobHandler } from './job';
import { log } from '@/lib/ops/log.mjs';

/**
 * The workers of one process: the server's (lib/server/start.ts), on either database, or `npm run worker`'s
 * (scripts/worker.ts), on PostgreSQL. Each polls every queue (pg-boss's fetch takes a job with FOR UPDATE SKIP
 * LOCKED, so two processes never take the same one), runs its handler, and marks it done — or failed, and pg-boss
 * tries it again after the queue's delay. One job at a time per queue (a batch is marked done or failed as a
 * whole), the next fetched as soon as one is done; an empty queue is polled every two seconds. Beside them runs
 * the sending loop (lib/sending/sender.ts), which stops with them.
 */

/** How long stop() lets running jobs finish; one still running then is marked failed, so it is tried again. */
const STOP_GRACE_MS = 15_000;

export type Workers = { stop: () => Promise<void> };

/** Checks the payload against the job's schema, then runs the handler: the one way a job is run. */
export async function runJob(definition: AnyJob, handler: JobHandler<unknown>, job: { id: string; data: unknown }, db: Db): Promise<void> {
  const payload = definition.payload.safeParse(job.data);
  if (!payload.success) throw new Error(`The payload of ${definition.name} job ${job.id} is not valid: ${z.prettifyError(payload.error)}`);
  await handler(payload.data, { db, jobId: job.id });
}

export async function startWorkers(
  connection: Connection,
  definitions: readonly AnyJob[] = allJobs,
  { sender: senderOptions = {} }: { sender?: SenderOptions | false } = {},
): Promise<Workers> {
  // Loaded first, so that a handler that cannot load stops the start rather than its first job.
  const handlers = new Map(await Promise.all(definitions.map(async (job) => [job.name, await job.handler()] as const)));
  const activity = trackActivity();
  const db: BossDb = { executeSql: (text, values) => activity.track(connection.executeSql(text, values)) };
  const boss = bossOver(db, { supervise: true, schedule: true });
  // On PGlite this process is the only one, so a job still marked running was left so by one that died.
  if (connection.kind === 'pglite') await retryJobsLeftRunning(boss, db);
  await boss.start();

  for (const definition of definitions) {
    const handler = handlers.get(definition.name)!;
    const worker = { id: '' };
    worker.id = await boss.work(definition.name, { batchSize: 1, includeMetadata: true }, ([job]: PgBoss.JobWithMetadata[]) =>
      activity.track(
        runJob(definition, handler, job!, connection.db)
          .catch((error: unknown) => {
            const attempt = `attempt ${job!.retryCount + 1} of ${job!.retryLimit + 1}`;
            log().error({ err: error }, `Briefings: ${definition.name} job ${job!.id} failed (${attempt})`);
            throw error;
          })
          // More may be waiting: look again at once rather than after the polling interval.
          .finally(() => boss.notifyWorker(worker.id)),
      ),
    );
  }

  // The sending loop runs beside the jobs in every process that runs them (lib/sending/sender.ts).
  const sender =
    senderOptions === false ? undefined : startSender(connection.db, { orphansAtStart: connection.kind === 'pglite', ...senderOptions });

  return {
    stop: async () => {
      const deadline = Date.now() + STOP_GRACE_MS;
      // The sender claims nothing more, and waits for the messages in flight and writes their answers.
      const senderStopped = sender?.stop();
      // No more polling; running jobs finish (pg-boss marks failed those still running at the deadline).
      await boss.stop({ graceful: true, close: false, timeout: STOP_GRACE_MS });
      // pg-boss marks a job done without waiting for it, and a poll under way may still hand out a job: wait for
      // those too, so that the database is closed only once nothing uses it.
      await activity.idle(deadline);
      await senderStopped;
    },
  };
}

/** Marks failed the jobs a dead process left running; pg-boss then tries each again after its queue's delay. */
async function retryJobsLeftRunning(boss: PgBoss, db: BossDb): Promise<void> {
  // pg-boss's tables are in its default schema, pgboss.
  const { rows } = await db.executeSql(`select name, array_agg(id::text) as ids from pgboss.job where state = 'active' group by name`, []);
  for (const { name, ids } of rows as { name: string; ids: string[] }[]) {
    for (const id of ids) await boss.fail(name, id, { message: 'The process running it stopped before it finished.' });
    log().info(`Briefings: ${ids.length} ${name} job(s) left running by a stopped process will be tried again.`);
  }
}

/** The promises (queries, handlers) still under way, so that stop() can wait until nothing is. */
function trackActivity() {
  const underWay = new Set<Promise<unknown>>();
  return {
    track<T>(promise: Promise<T>): Promise<T> {
      underWay.add(promise);
      const done = () => underWay.delete(promise);
      promise.then(done, done);
      return promise;
    },
    async idle(deadline: number): Promise<void> {
      // A settled query can start a handler a few microtasks later: look again after a turn of the event loop.
      do {
        const left = deadline - Date.now();
        if (left <= 0) return;
        await Promise.race([Promise.allSettled([...underWay]), new Promise((resolve) => setTimeout(resolve, left).unref())]);
        await new Promise((resolve) => setImmediate(resolve));
      } while (underWay.size > 0);
    },
  };
}
