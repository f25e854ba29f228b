import { closeDb, getConnection } from '@/db/client';
import { setUpDatabase } from '@/db/setup';
import { goneArticlesKeeper } from '@/lib/articles/gone';
import { listenForChanges } from '@/lib/cache/bus';
import { installAsNextCache } from '@/lib/cache/handler';
import { config } from '@/lib/config';
import { closeControlChannel, openControlChannel } from '@/lib/control/channel';
import { startWorkers, type Workers } from '@/lib/jobs/workers';
import { log } from '@/lib/ops/log.mjs';
import { registerMetricSources, registerReadiness } from './operations';
import { tightenExistingDataDirs } from './private-files';

let workers: Workers | undefined;
/** Whether this process runs its jobs: from their start until shutDown begins to stop them (/readyz asks). */
let jobsRunning = false;

/**
 * server.mjs calls this once the last request in flight has finished, before the process exits: the job workers
 * take no new job and finish those they run, then the database closes.
 */
async function shutDown(): Promise<void> {
  closeControlChannel();
  jobsRunning = false;
  await workers?.stop();
  await closeDb();
}

/** Runs `then` with server.mjs's port once it listens: now if it does already, else when it starts to. */
function whenListening(then: (port: number) => void): void {
  const shared = globalThis as { [key: symbol]: unknown };
  const run = () => then(shared[Symbol.for('briefings.port')] as number);
  if (shared[Symbol.for('briefings.port')]) run();
  else shared[Symbol.for('briefings.listening')] = run;
}

function openControlChannelOrSay(dataDir: string, port: number): void {
  try {
    openControlChannel(dataDir, port);
  } catch (error) {
    // Serving matters more: only `npm run send` loses its way in, and says so.
    log().error({ err: error }, `Briefings: could not write ${dataDir}/control.json; npm run send cannot reach this server.`);
  }
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
    jobsRunning = true;
    registerReadiness(connection, () => jobsRunning);
    registerMetricSources(connection);
    // On PGlite, command-line tools cannot open the folder while the server runs: they reach it through
    // DATA_DIR/control.json instead (lib/control/), written once server.mjs listens — before or after this point.
    if (connection.kind === 'pglite') whenListening((port) => openControlChannelOrSay(dataDir, port));
    log().info(`Briefings: ${connection.kind === 'pglite' ? 'embedded PostgreSQL (PGlite) in' : 'PostgreSQL at'} ${connection.location}`);
    for (const outcome of seeded) log().info(`Briefings: seeded the issue of ${outcome.date} from ${outcome.file}`);
    log().info(`Briefings: serving ${SITE_URL}, and running its jobs`);
  } catch (error) {
    // The server must not run half-started (every page would fail): say why and stop.
    log().fatal(`Briefings could not start.\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
