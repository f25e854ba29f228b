import { config } from '@/lib/config';
import { buildIfNeeded } from './build-if-needed';
import { runServer } from './run-server';

/**
 * `npm start`: one machine. Check the configuration, build if the sources or build settings changed, then serve
 * with server.mjs on PORT. The server itself migrates, seeds an empty database from content/ and takes the data
 * folder's lock (instrumentation.ts), so a second server on the same folder stops with the name of the first.
 * Several instances build once (`npm run build`) and start with `npm run serve` instead.
 */

try {
  const { PORT } = config();
  buildIfNeeded();
  runServer(PORT);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
