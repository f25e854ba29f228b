// The production server: Next's own request handler (the same one `next start` uses) behind a plain Node HTTP
// server that does four things `next start` cannot:
//   1. It records each client's address from the socket — or, behind proxies named by TRUST_PROXY, from what those
//      proxies appended — in one request header, replacing any copy the client sent. Next itself keeps a client's
//      own X-Forwarded-For, so without this a visitor could choose the address rate limits count.
//   2. It answers an unpublished article's address with 410 Gone, which a page cannot (lib/articles/gone-addresses.mjs).
//   3. It completes each HTML page's script policy with the hashes of that page's own inline scripts
//      (lib/http/script-hashes.mjs), so no page needs 'unsafe-inline'.
//   4. It stops cleanly: on SIGTERM or SIGINT it takes no new connections, lets requests in flight finish, then lets
//      the running jobs finish and closes the database (PGlite writes its checkpoint, so the next start needs no
//      recovery).
// Once it listens it tells the app its port, which on the embedded database opens the command line's way to the
// running server (DATA_DIR/control.json, lib/control/).
// Plain JavaScript run by plain Node, so no TypeScript loader sits under Next's runtime.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { answerAsGone, isGoneView } from './lib/articles/gone-addresses.mjs';
import { CLIENT_HEADER, clientAddressReader } from './lib/http/client-address.mjs';
import { hashInlineScripts } from './lib/http/script-hashes.mjs';

const GRACE_MS = 10_000;
const dir = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT || 3000);
const dev = process.argv.includes('--dev'); // `npm run dev`: Next's development server behind the same front

async function main() {
  let readClient;
  try {
    readClient = clientAddressReader(process.env.TRUST_PROXY);
  } catch (error) {
    console.error(
      `\nBriefings could not start.\nInvalid configuration:\n  TRUST_PROXY: ${error.message}\nSee "Configuration" in README.md.\n`,
    );
    process.exit(1);
  }

  const app = next({ dev, dir, port, hostname: 'localhost' });
  await app.prepare(); // runs instrumentation.ts: opens, migrates and seeds the database, or exits with the reason
  const handle = app.getRequestHandler();

  const server = http.createServer((request, response) => {
    request.headers[CLIENT_HEADER] = readClient(request);
    // An unpublished article's page says so with 410 Gone (lib/articles/gone-addresses.mjs): one Set lookup.
    if (isGoneView(request)) answerAsGone(response);
    // An HTML page's script policy allows its own inline scripts by hash, not 'unsafe-inline' (the module says how).
    hashInlineScripts(response);
    handle(request, response);
  });
  // Every interface, as `next start` does; put a firewall or the proxy in front to narrow it.
  server.listen(port, () => {
    console.log(`Briefings: listening on port ${port}`);
    // On the embedded database, lib/server/start.ts opens the command line's way in (DATA_DIR/control.json) once
    // both this and its own start are done, whichever comes first (Next may run it after prepare() returns).
    globalThis[Symbol.for('briefings.port')] = server.address().port;
    globalThis[Symbol.for('briefings.listening')]?.();
  });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`Briefings: ${signal}: finishing the requests in flight and the running jobs, then closing the database.`);
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    // Keep-alive connections that stay open after their last response are cut once the grace period ends.
    const force = setTimeout(() => server.closeAllConnections(), GRACE_MS);
    force.unref();
    await closed;
    try {
      await globalThis[Symbol.for('briefings.shutdown')]?.();
    } catch (error) {
      console.error('Briefings: the database did not close cleanly:', error);
      process.exit(1);
    }
    console.log('Briefings: stopped.');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
