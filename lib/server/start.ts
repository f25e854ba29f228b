import { closeDb, getConnection } from '@/db/client';
import { setUpDatabase } from '@/db/setup';
import { goneArticlesKeeper } from '@/lib/articles/gone';
import { listenForChanges } from '@/lib/cache/bus';
import { installAsNextCache } from '@/lib/cache/handler';
import { config } from '@/lib/config';
import { startWorkers, type Workers } from '@/lib/jobs/workers';
import { tightenExistingDataDirs } from './private-files';

let workers: Workers | undefined;

/**
 * server.mjs calls this once the last request in flight has finished, before the process exits: the job workers
 * take no new job and finish those they run, then the database closes.
 */
async function shutDown(): Promise<void> {
  await workers?.stop();
  await closeDb();
}

export async function startServer(): Promise<void> {
  (globalThis as { [key: symbol]: unknown })[Symbol.for('briefings.shutdown')] = shutDown;
  try {
    installAsNextCache();
    const { SITE_URL, dataDir, mailDir } = config();
    tightenExistingDataDirs({ dataDir, mailDir });
    const connection = await getConnection();
    const seeded = await setUpDatabase(connection);
    // Which articles answer 410 (lib/articles/gone-addresses.mjs): read now, and again on every announced change.
    const gone = goneArticlesKeeper(connection.db);
    await gone.refresh();
    await listenForChanges(connection, gone);
    // Every server runs jobs: on PGlite it is the only process that can; on PostgreSQL, one more worker beside any
    // other instance's and `npm run worker`'s.
    workers = await startWorkers(connection);
    console.log(`Briefings: ${connection.kind === 'pglite' ? 'embedded PostgreSQL (PGlite) in' : 'PostgreSQL at'} ${connection.location}`);
    for (const outcome of seeded) console.log(`Briefings: seeded the issue of ${outcome.date} from ${outcome.file}`);
    console.log(`Briefings: serving ${SITE_URL}, and running its jobs`);
  } catch (error) {
    // The server must not run half-started (every page would fail): say why and stop.
    console.error(`\nBriefings could not start.\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
