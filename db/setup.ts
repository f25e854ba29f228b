import type { Connection } from './client';
import { migrate } from './migrate';
import { seedIfEmpty } from './seed';

/**
 * What every entry point does before using the database: migrate (the app's tables, then pg-boss's and the job
 * queues), then seed an empty database from content/.
 * Exclusive, so that two app instances starting together on PostgreSQL neither migrate nor seed twice.
 */
export function setUpDatabase(connection: Connection) {
  return connection.exclusive(async () => {
    await migrate(connection);
    return seedIfEmpty(connection.db);
  });
}
