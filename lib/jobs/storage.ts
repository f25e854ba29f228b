import type { Connection } from '@/db/client';
import { bossOver } from './boss';
import { allJobs } from './definitions';
import type { AnyJob } from './job';

/**
 * Part of migrating the database (db/migrate.ts): pg-boss's schema, installed or brought up to its version by
 * pg-boss itself, and a queue for every defined job with the job's options, and its schedule. Every process that
 * migrates — the server, the scripts, the tests — can then enqueue any job; a job for a queue that is not there is
 * an error (lib/jobs/enqueue.ts), never a silent loss.
 */
export async function installJobStorage(connection: Connection, definitions: readonly AnyJob[] = allJobs): Promise<void> {
  const boss = bossOver(connection, { migrate: true });
  await boss.start();
  try {
    for (const job of definitions) {
      // createQueue leaves an existing queue as it was; updateQueue then brings its options up to date.
      await boss.createQueue(job.name, { name: job.name, ...job.queue });
      await boss.updateQueue(job.name, { name: job.name, ...job.queue });
      if (job.schedule) await boss.schedule(job.name, job.schedule.cron, job.schedule.payload as object, { tz: 'UTC' });
      else await boss.unschedule(job.name);
    }
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}
