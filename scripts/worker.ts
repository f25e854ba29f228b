import { getConnection } from '@/db/client';
import { migrate } from '@/db/migrate';
import { config } from '@/lib/config';
import { startWorkers } from '@/lib/jobs/workers';
import { runScript } from './run';
import { log } from '@/lib/ops/log.mjs';

/**
 * `npm run worker`: the app's jobs (lib/jobs) in a process of their own, beside the servers — on PostgreSQL only,
 * where any number of processes share the database; every server runs jobs too, so this adds capacity (or runs them
 * where the servers should not). On SIGTERM or SIGINT it takes no new job, finishes the running ones, and stops.
 */

const ONLY_ON_POSTGRES = `npm run worker runs jobs beside the server on PostgreSQL (set DATABASE_URL).
The embedded database (PGlite, in DATA_DIR) can be opened by one process only, the server, which runs the jobs
itself: start it with npm start, and there is nothing else to run.`;

async function main(): Promise<number> {
  if (!config().DATABASE_URL) {
    console.error(ONLY_ON_POSTGRES);
    return 1;
  }
  const connection = await getConnection();
  await connection.exclusive(() => migrate(connection));
  const workers = await startWorkers(connection);
  log().info(`Briefings worker: running jobs on PostgreSQL at ${connection.location}`);
  const signal = await new Promise<string>((resolve) => {
    for (const name of ['SIGTERM', 'SIGINT']) process.once(name, () => resolve(name));
  });
  log().info(`Briefings worker: ${signal}: finishing the running jobs, then closing the database.`);
  await workers.stop();
  log().info('Briefings worker: stopped.');
  return 0;
}

runScript(main);
