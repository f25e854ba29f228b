import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from '@/db/client';
import { MIGRATIONS_FOLDER } from '@/db/migrate';
import { allJobs } from '@/lib/jobs/definitions';
import { bossOver } from '@/lib/jobs/boss';
import { setReadinessCheck } from '@/lib/ops/health.mjs';
import { log } from '@/lib/ops/log.mjs';
import { metrics } from '@/lib/ops/metrics.mjs';

/**
 * What /readyz and /metrics read from the database (lib/ops/front.mjs answers both), set up by lib/server/start.ts
 * once the server has started.
 */

/** The newest migration the code has (drizzle-kit's journal): the database must have applied it. */
function newestMigrationMillis(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((entry) => entry.when));
}

/**
 * Ready when the database answers, has every migration this code knows (another instance's newer code may have
 * migrated past it, which is fine; an older database is not), and this process runs its jobs. The reasons are the
 * public answer of /readyz, so they name no detail; the log has it.
 */
export function registerReadiness(connection: Connection, jobsRunning: () => boolean): void {
  const newest = newestMigrationMillis();
  setReadinessCheck(async () => {
    let applied: number;
    try {
      // drizzle's migrator records each migration's journal time as created_at.
      const { rows } = await connection.executeSql('select max(created_at)::text as newest from drizzle.__drizzle_migrations', []);
      applied = Number(rows[0]?.newest ?? 0);
    } catch (error) {
      log().warn({ err: error }, 'readiness: the database did not answer');
      return 'database unreachable';
    }
    if (applied < newest) return 'migrations pending';
    if (!jobsRunning()) return 'jobs not running';
    return null;
  });
}

/** Queue depths (pg-boss, per queue) and the counts of the sends under way, read at each scrape. */
export function registerMetricSources(connection: Connection): void {
  const boss = bossOver(connection);
  const { sources } = metrics();
  sources.queueDepths = async () =>
    Promise.all(allJobs.map(async ({ name }) => ({ queue: name, size: (await boss.getQueueSize(name)) ?? 0 })));
  sources.sendCounts = async () => {
    const { rows } = await connection.executeSql(
      `select d.send_id as send, d.status, count(*)::int as count
         from deliveries d join sends s on s.id = d.send_id
        where s.state in ('sending', 'paused')
        group by d.send_id, d.status`,
      [],
    );
    return rows.map((row) => ({ send: Number(row.send), status: String(row.status), count: Number(row.count) }));
  };
}
