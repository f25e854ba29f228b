import { config } from '@/lib/config';
import { buildSettings, readStamp, refusalToServe } from './build-if-needed';
import { runServer } from './run-server';

/**
 * `npm run serve`: one instance of a build made by `npm run build`. It never builds (N instances building at once
 * would overwrite each other's .next), and refuses a build made with another server actions key or deployment id
 * than its own environment's: forms rendered by one instance must work when posted to another.
 */

try {
  const { PORT } = config();
  const refusal = refusalToServe(readStamp(), buildSettings());
  if (refusal) {
    console.error(`Briefings could not start.\n${refusal}`);
    process.exit(1);
  }
  runServer(PORT);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
