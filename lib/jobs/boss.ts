import PgBoss from 'pg-boss';
import type { SqlResult } from '@/db/client';
import { log } from '@/lib/ops/log.mjs';

/** How pg-boss reaches the database: `executeSql(text, values)`, as a Connection or a transaction adapter runs it. */
export type BossDb = { executeSql: (text: string, values?: unknown[]) => Promise<SqlResult> };

/**
 * A pg-boss instance over the app's own connection (never a pool of its own: on PGlite there is only the one
 * connection). By default it only reads and writes jobs and queues: it neither installs its schema (migrate() does,
 * lib/jobs/storage.ts; an instance started without it stops) nor runs maintenance and schedules (workers do).
 */
export function bossOver(db: BossDb, options: Pick<PgBoss.ConstructorOptions, 'migrate' | 'supervise' | 'schedule'> = {}): PgBoss {
  const boss = new PgBoss({
    db: db as PgBoss.Db,
    migrate: false,
    supervise: false,
    schedule: false,
    // Maintenance is what fails an attempt that ran past its queue's expireInSeconds (its process died, say) so
    // that it is retried: every 30 s rather than pg-boss's 2 minutes, so that a crash delays a job little.
    maintenanceIntervalSeconds: 30,
    ...options,
  });
  // An EventEmitter with no 'error' listener throws: say what went wrong instead (maintenance, a poll).
  boss.on('error', (error) => log().error({ err: error }, 'Briefings jobs: pg-boss reported an error'));
  return boss;
}
