import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { vi } from 'vitest';
import { queryRows, type Connection, type Executor } from '@/db/client';
import { bossOver } from '@/lib/jobs/boss';
import type { AnyJob } from '@/lib/jobs/job';
import { runJob } from '@/lib/jobs/workers';

/** Helpers for tests of jobs: what is queued, and running what is due as a worker would, but now and once. */

export type JobRow = { id: string; state: string; data: unknown; retryCount: number; startAfter: Date; completedOn: Date | null };

/** The jobs of one queue still in pg-boss's table (not yet archived), oldest first. */
export async function jobRows(db: Executor, queue: string): Promise<JobRow[]> {
  const rows = await queryRows<JobRow>(
    db,
    sql`select id::text, state::text, data, retry_count as "retryCount", start_after as "startAfter", completed_on as "completedOn"
      from pgboss.job where name = ${queue} order by created_on, id`,
  );
  // Drizzle's raw rows carry times as the driver gives them: a Date, or text.
  return rows.map((row) => ({
    ...row,
    startAfter: new Date(row.startAfter),
    completedOn: row.completedOn === null ? null : new Date(row.completedOn),
  }));
}

export type Outcome = { id: string; error?: Error };

/**
 * Runs the jobs of the queue that are due now (or all that wait, with `ignoreStartAfter`, as if their retry delay
 * had passed) through the workers' own runJob, and marks each done or failed as pg-boss's worker does.
 */
export async function runDueJobs(connection: Connection, job: AnyJob, { ignoreStartAfter = false } = {}): Promise<Outcome[]> {
  const boss = bossOver(connection);
  const handler = await job.handler();
  const due: PgBoss.JobWithMetadata[] = await boss.fetch(job.name, { batchSize: 100, includeMetadata: true, ignoreStartAfter });
  const outcomes: Outcome[] = [];
  for (const fetched of due) {
    try {
      await runJob(job, handler, fetched, connection.db);
      await boss.complete(job.name, fetched.id);
      outcomes.push({ id: fetched.id });
    } catch (error) {
      await boss.fail(job.name, fetched.id, { message: (error as Error).message });
      outcomes.push({ id: fetched.id, error: error as Error });
    }
  }
  return outcomes;
}

/** runDueJobs with console.log silenced, for jobs that send mail: the file outbox logs each message it writes. */
export async function runDueJobsQuietly(connection: Connection, job: AnyJob): Promise<Outcome[]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return await runDueJobs(connection, job);
  } finally {
    log.mockRestore();
  }
}
