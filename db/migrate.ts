import path from 'node:path';
import { installJobStorage } from '@/lib/jobs/storage';
import type { Connection } from './client';

/** Committed drizzle-kit migrations, resolved from the working directory: the project, for every entry point. */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/**
 * Brings the schema up to date: the app's tables, then pg-boss's and the job queues (lib/jobs/storage.ts), so that
 * every process that migrates — server, scripts, tests — can enqueue jobs. Callers hold `connection.exclusive`
 * (see setup.ts).
 */
export async function migrate(connection: Connection): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (connection.kind === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(connection.db as Parameters<typeof run>[0], config);
  } else {
    const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
    await run(connection.db as Parameters<typeof run>[0], config);
  }
  await installJobStorage(connection);
}
