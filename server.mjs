// The production server: Next's own request handler (the same one `next start` uses) behind a plain Node HTTP
// server that does five things `next start` cannot:
//   1. It records each client's address from the socket — or, behind proxies named by TRUST_PROXY, from what those
//      proxies appended — in one request header, replacing any copy the client sent. Next itself keeps a client's
//      own X-Forwarded-For, so without this a visitor could choose the address rate limits count.
//   2. It answers an unpublished article's address with 410 Gone, which a page cannot (lib/articles/gone-addresses.mjs).
//   3. It sends the Cache-Control a proxy in front should obey (lib/http/cache-policy.mjs): reading pages kept a
//      second and revalidated in the background, anything with a cookie, a session or staff data never stored.
//   4. On reading pages, Next's scripts start at the reader's first pointer, touch, key or focus rather than
//      during load (lib/http/scripts-on-intent.mjs); and each HTML page's script policy is completed with the
//      hashes of that page's own inline scripts (lib/http/script-hashes.mjs), so no page needs 'unsafe-inline'.
//   5. It stops cleanly: on SIGTERM or SIGINT it takes no new connections, lets requests in flight finish, then lets
//      the running jobs finish and closes the database (PGlite writes its checkpoint, so the next start needs no
//      recovery).
// Before Next sees a request, lib/ops/front.mjs gives it an id, logs it when it ends and answers /healthz, /readyz
// and /metrics; a write to a file of public/ gets 405 (lib/http/static-files.mjs says why). Once it listens it
// tells the app its port, which on the embedded database opens the command line's way to the running server
// (DATA_DIR/control.json, lib/control/).
// Plain JavaScript run by plain Node, so no TypeScript loader sits under Next's runtime.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { answerAsGone, isGoneView } from './lib/articles/gone-addresses.mjs';
import { applyCachePolicy } from './lib/http/cache-policy.mjs';
import { CLIENT_HEADER, PROXIED_HEADER, cameThroughProxy, clientAddressReader } from './lib/http/client-address.mjs';
import { createFront } from './lib/ops/front.mjs';
import { markStopping } from './lib/ops/health.mjs';
import { log } from './lib/ops/log.mjs';
import { hashInlineScripts } from './lib/http/script-hashes.mjs';
import { deferScripts, startsScriptsOnIntent } from './lib/http/scripts-on-intent.mjs';
import { publicPaths, refuseWriteToStaticFile } from './lib/http/static-files.mjs';

const GRACE_MS = 10_000;
const dir = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT || 3000);
const dev = process.argv.includes('--dev'); // `npm run dev`: Next's development server behind the same front

async function main() {
  let readClient;
  try {
    readClient = clientAddressReader(process.env.TRUST_PROXY);
  } catch (error) {
    log().fatal(`Briefings could not start. Invalid configuration: TRUST_PROXY: ${error.message}. See "Configuration" in README.md.`);
    process.exit(1);
  }
  const front = createFront({
    trustProxy: process.env.TRUST_PROXY,
    siteUrl: process.env.SITE_URL,
    metricsToken: process.env.METRICS_TOKEN,
  });

  const app = next({ dev, dir, port, hostname: 'localhost' });
  await app.prepare(); // runs instrumentation.ts: opens, migrates and seeds the database, or exits with the reason
  const handle = app.getRequestHandler();

  const staticFiles = publicPaths(path.join(dir, 'public'));
  const server = http.createServer((request, response) => {
    request.headers[CLIENT_HEADER] = readClient(request);
    request.headers[PROXIED_HEADER] = cameThroughProxy(request) ? '1' : '0';
    if (front(request, response)) return;
    if (refuseWriteToStaticFile(staticFiles, request, response)) return;
    applyCachePolicy(request, response);
    // An unpublished article's page says so with 410 Gone (lib/articles/gone-addresses.mjs): one Set lookup.
    if (isGoneView(request)) answerAsGone(response);
    // A reading page's scripts wait for the reader (not in development, where Next's own tools need them at once);
    // an HTML page's script policy allows its own inline scripts by hash, not 'unsafe-inline'. The modules say how.
    hashInlineScripts(response, !dev && startsScriptsOnIntent(request.url) ? deferScripts : undefined);
    handle(request, response);
  });
  server.once('error', (error) => void cannotListen(error));
  // Every interface, as `next start` does; put a firewall or the proxy in front to narrow it.
  server.listen(port, () => {
    log().info(`Briefings: listening on port ${port}`);
    // On the embedded database, lib/server/start.ts opens the command line's way in (DATA_DIR/control.json) once
    // both this and its own start are done, whichever comes first (Next may run it after prepare() returns).
    globalThis[Symbol.for('briefings.port')] = server.address().port;
    globalThis[Symbol.for('briefings.listening')]?.();
  });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    markStopping(); // /readyz answers 503 from now on
    log().info(`Briefings: ${signal}: finishing the requests in flight and the running jobs, then closing the database.`);
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    // Keep-alive connections that stay open after their last response are cut once the grace period ends.
    const force = setTimeout(() => server.closeAllConnections(), GRACE_MS);
    force.unref();
    await closed;
    try {
      await globalThis[Symbol.for('briefings.shutdown')]?.();
    } catch (error) {
      log().error({ err: error }, 'Briefings: the database did not close cleanly');
      process.exit(1);
    }
    log().info('Briefings: stopped.');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** The port is taken (or not ours to take): say so plainly, stop the jobs and the database the app opened, exit 1. */
async function cannotListen(error) {
  const why =
    error.code === 'EADDRINUSE'
      ? 'is already in use'
      : error.code === 'EACCES'
        ? 'may not be used by this user'
        : `cannot be used (${error.message})`;
  log().fatal(`Briefings could not start: port ${port} ${why}. Set PORT to a free port, or stop what is using it.`);
  await globalThis[Symbol.for('briefings.shutdown')]?.().catch(() => {});
  process.exit(1);
}

main().catch((error) => {
  log().fatal({ err: error }, 'Briefings could not start');
  process.exit(1);
});
