import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { closeDb, getConnection } from '@/db/client';
import { issues, subscribers } from '@/db/schema';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { startSend } from '@/lib/sending/commands';
import { setUpDatabase } from '@/db/setup';
import { addDemoIssues } from '@/lib/demo/issues';
import { addDemoResponses } from '@/lib/demo/responses';
import { ARCHIVE_PAGE_SIZE, readArchivePage } from '@/lib/issues/queries';
import { readThreads, THREADS_PAGE_SIZE } from '@/lib/responses/queries';
import { paths } from '@/lib/site';
import { buildIfNeeded } from './build-if-needed';
import type { SinkReport } from './bench-smtp-sink';
import { startServer, type Server } from './production-server';
import { benchCluster, reachablePostgres, buildForCluster } from './bench-cluster';
import {
  ARTICLE,
  CONNECTIONS,
  DURATION,
  load,
  measureInRounds,
  ROUNDS,
  share,
  shareByRound,
  STATIC_FILE,
  summarise,
  table,
  WARMUP,
  warmUp,
  writeSameSizeFile,
  type Measure,
  type Target,
} from './bench-load';

/**
 * `npm run bench`: the production build (server.mjs) on a fresh data folder with the real issue, 1 000 demo
 * issues, 50 demo responses under one demo article and 10 000 under another, loaded by autocannon (50 connections,
 * 10 s per URL after a warm-up). Prints requests per second and p50/p99 latency for each URL and the ratios the
 * goals are stated in: the article page (bare, and with 50 responses) against a static file from the same server —
 * and, to tell bytes from framework, against a static file as large as the page — and the deepest full page of the
 * archive and of the 10 000 responses against their first pages. Also times the two keyset queries themselves,
 * uncached, at both depths.
 *
 * A small shared machine drifts by a third between runs, so the URLs are measured in turn, round after round
 * (BENCH_ROUNDS, default 3), and each figure is the median of its rounds; ratios compare medians, and every round
 * is printed so the spread is visible. *
 * That is the app part; the cluster part follows (scripts/bench-cluster.ts: two instances behind nginx on
 * PostgreSQL, with writers). BENCH_PARTS=app or BENCH_PARTS=cluster runs one of them alone.
 */

const DEMO_ISSUES = 1000;
const FEW_RESPONSES = 50;
const MANY_RESPONSES = 10_000;

/** Mean time of a query over `runs` runs, after one to warm up. */
async function timeQuery(query: () => Promise<unknown>, runs = 200): Promise<number> {
  await query();
  const start = performance.now();
  for (let run = 0; run < runs; run++) await query();
  return (performance.now() - start) / runs;
}

/** Walks a keyset to its end and returns the cursor (and number) of the deepest page that is full. */
async function deepestFullPage<Cursor>(
  read: (cursor: Cursor | null) => Promise<{ size: number; next: Cursor | null }>,
  pageSize: number,
): Promise<{ cursor: Cursor; page: number }> {
  let deepest: { cursor: Cursor; page: number } | undefined;
  for (let cursor: Cursor | null = null, page = 1; ; page++) {
    const { size, next } = await read(cursor);
    if (size === pageSize && cursor !== null) deepest = { cursor, page };
    if (next === null) break;
    cursor = next;
  }
  if (!deepest) throw new Error('Not enough demo data for a deep page.');
  return deepest;
}

// BENCH_NODE_ARGS: options for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

function startBenchServer(dataDir: string, env: Record<string, string> = {}): Promise<Server> {
  return startServer(dataDir, env, NODE_ARGS);
}

/**
 * BENCH_PARTS: which parts run, in this order ("app,cluster" by default: both). "sending" is the app part's send
 * alone (the real issue only, the article page's idle figure measured just before), for work on the sender.
 */
const PARTS = (process.env.BENCH_PARTS ?? 'app,cluster').split(',').map((part) => part.trim());

async function main() {
  const unknown = PARTS.filter((part) => !['app', 'sending', 'cluster'].includes(part));
  if (unknown.length) throw new Error(`BENCH_PARTS names no part ${unknown.join(', ')}: the parts are app, sending and cluster.`);
  const postgres = PARTS.includes('cluster') ? await reachablePostgres() : null;
  if (postgres) buildForCluster(); // one build for both parts
  if (PARTS.includes('app')) await benchApp();
  else if (PARTS.includes('sending')) await benchSendingAlone();
  if (!PARTS.includes('cluster')) return;
  if (postgres) await benchCluster();
  else
    console.log(
      '\nThe cluster part is skipped: no PostgreSQL answered (set BENCH_DATABASE_URL or TEST_DATABASE_URL, or run one on 127.0.0.1:5432).',
    );
}

/** The build, and a fresh PGlite data folder that this process and the servers it starts use. */
function freshAppDataDir(): string {
  buildIfNeeded();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-bench-'));
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  // A send keeps the rate of the process that starts it (this one): without this every send measured here ran at
  // the default 50 messages a second, whatever the server was given.
  process.env.SEND_RATE = SENDING_RATE;
  return dataDir;
}

/** The app alone: server.mjs on a PGlite data folder, reading pages and then a send. */
async function benchApp() {
  const dataDir = freshAppDataDir();

  console.log(
    `Preparing a fresh data folder (${dataDir}): the real issue, ${DEMO_ISSUES} demo issues, and demo responses (${FEW_RESPONSES} under one article, ${MANY_RESPONSES} under another)…`,
  );
  const connection = await getConnection();
  await setUpDatabase(connection);
  const { last: newestDemo } = await addDemoIssues(connection.db, DEMO_ISSUES);
  const fewArticle = { date: newestDemo, slug: 'demo-article-1' };
  const manyArticle = { date: (await readArchivePage(newestDemo)).issues[0]!.date, slug: 'demo-article-1' };
  await addDemoResponses(connection.db, fewArticle, FEW_RESPONSES);
  const { articleId: manyId } = await addDemoResponses(connection.db, manyArticle, MANY_RESPONSES);

  const archiveDeep = await deepestFullPage(async (cursor: string | null) => {
    const page = await readArchivePage(cursor);
    return { size: page.issues.length, next: page.older };
  }, ARCHIVE_PAGE_SIZE);
  const threadsDeep = await deepestFullPage(async (cursor: number | null) => {
    const page = await readThreads(manyId, 'oldest', cursor);
    return { size: page.threads.length, next: page.next };
  }, THREADS_PAGE_SIZE);
  const queries = {
    archiveFirst: await timeQuery(() => readArchivePage(null)),
    archiveDeep: await timeQuery(() => readArchivePage(archiveDeep.cursor)),
    threadsFirst: await timeQuery(() => readThreads(manyId, 'oldest', null)),
    threadsDeep: await timeQuery(() => readThreads(manyId, 'oldest', threadsDeep.cursor)),
  };
  await closeDb();

  // A static file exactly as large as the article page with 50 responses tells the cost of the bytes from the cost
  // of serving a page. Next lists public/ when it starts, so: render the page once, write the file, start again.
  const fewPath = paths.article(fewArticle.date, fewArticle.slug);
  const first = await startBenchServer(dataDir);
  const sameSizeFile = writeSameSizeFile(await (await fetch(`${first.base}${fewPath}`)).text());
  await first.stop();

  const served = await startBenchServer(dataDir);
  const base = served.base;
  let stop = served.stop;
  try {
    console.log(
      `Serving on ${base}; ${CONNECTIONS} connections, ${DURATION} s per URL after a ${WARMUP} s warm-up, on ${os.cpus().length} cores.\n`,
    );
    const responsesPath = (cursor?: number) => paths.responses(manyArticle.date, manyArticle.slug, 'oldest', cursor);
    const targets: Target[] = [
      { label: 'article page', path: ARTICLE },
      { label: 'static file (public/)', path: STATIC_FILE },
      { label: `article, ${FEW_RESPONSES} responses`, path: fewPath },
      { label: 'static file, same size', path: sameSizeFile.path },
      { label: 'archive, first page', path: '/issues' },
      { label: `archive, page ${archiveDeep.page} (deepest)`, path: `/issues/before/${archiveDeep.cursor}` },
      { label: 'responses, first page', path: responsesPath() },
      { label: `responses, page ${threadsDeep.page} (deepest)`, path: responsesPath(threadsDeep.cursor) },
    ];
    for (const target of targets) await warmUp(base, target);
    const rounds = await measureInRounds(base, targets);
    const summary = summarise(rounds);
    const [article, staticFile, withResponses, sameSize, archiveFirst, archiveLast, threadsFirst, threadsLast] = summary as [
      Measure,
      Measure,
      Measure,
      Measure,
      Measure,
      Measure,
      Measure,
      Measure,
    ];

    console.log(`\nMedians of ${ROUNDS} rounds:\n${table(summary)}`);
    const perRound = (index: number, of: number) => shareByRound(rounds, index, of);
    const slower = (firstPage: Measure, deep: Measure) => (firstPage.requests / deep.requests).toFixed(2);
    console.log(`
article page / static file:                      ${share(article, staticFile)} (rounds: ${perRound(0, 1)})   goal ≥ 30 %
article with ${FEW_RESPONSES} responses / static file:        ${share(withResponses, staticFile)} (rounds: ${perRound(2, 1)})   goal ≥ 30 %
article with ${FEW_RESPONSES} responses / same-size static:   ${share(withResponses, sameSize)} (rounds: ${perRound(2, 3)})   (the bytes alone: same-size static / static file ${share(sameSize, staticFile)})
archive, page ${archiveDeep.page} / first page:                ${slower(archiveFirst, archiveLast)}× the first page's time per request   goal ≤ 1.2×
responses, page ${threadsDeep.page} / first page:             ${slower(threadsFirst, threadsLast)}× the first page's time per request   goal ≤ 1.2×
uncached queries:  archive first ${queries.archiveFirst.toFixed(2)} ms, page ${archiveDeep.page} ${queries.archiveDeep.toFixed(2)} ms (${ARCHIVE_PAGE_SIZE} issues a page);
                   responses first ${queries.threadsFirst.toFixed(2)} ms, page ${threadsDeep.page} ${queries.threadsDeep.toFixed(2)} ms (${THREADS_PAGE_SIZE} threads a page, ${MANY_RESPONSES} responses)`);
    const failed = summary.filter((row) => row.errors > 0);
    if (failed.length) throw new Error(`Requests failed during the run: ${failed.map((row) => row.label).join(', ')}.`);

    await stop();
    ({ stop } = await benchSending(dataDir, article));
  } finally {
    await stop();
    sameSizeFile.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The send of the app part on its own: a fresh data folder with the real issue, and the article page idle first. */
async function benchSendingAlone() {
  const dataDir = freshAppDataDir();
  try {
    await setUpDatabase(await getConnection());
    await closeDb();
    const idleServer = await startBenchServer(dataDir);
    let idle: Measure;
    try {
      await warmUp(idleServer.base, { label: 'article page', path: ARTICLE });
      idle = await load(idleServer.base, { label: 'article page', path: ARTICLE });
    } finally {
      await idleServer.stop();
    }
    const { stop } = await benchSending(dataDir, idle);
    await stop();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Sending the real issue to SEND_SUBSCRIBERS (10 000) through a local SMTP sink that accepts everything: the send
 * is started (audience frozen) while the server is stopped, then the server's own sending loop sends it at
 * SEND_RATE 10 000 (so the machine is the limit) while the article page is loaded as before.
 */
const SENDING_RATE = '10000';

async function benchSending(dataDir: string, idle: Measure): Promise<Server> {
  const count = Number(process.env.SEND_SUBSCRIBERS ?? 10_000);
  const connection = await getConnection();
  for (let start = 0; start < count; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
      email: `bench-${start + i + 1}@example.org`,
      status: 'active' as const,
      consentSource: 'import',
      consentWording: 'Bench subscribers.',
      consentAt: new Date(),
      confirmedAt: new Date(),
    }));
    await connection.db.insert(subscribers).values(rows);
  }
  const [issue] = await connection.db.select({ id: issues.id }).from(issues).where(eq(issues.date, '2010-09-15'));
  const { audience } = await execute(startSend, COMMAND_LINE, { issueId: issue!.id, audienceSeen: count });
  await closeDb();

  const sink = await startSink();
  console.log(
    `\nSending the issue to ${audience} subscribers through a local SMTP sink (SEND_RATE 10000, SMTP_POOL ${process.env.SMTP_POOL ?? 20})…`,
  );
  const server = await startBenchServer(dataDir, { SMTP_URL: sink.url, SEND_RATE: SENDING_RATE, SMTP_POOL: process.env.SMTP_POOL ?? '20' });
  try {
    // A fresh server: its cache fills first, as it did before the idle figure, so the comparison is sending alone.
    await warmUp(server.base, { label: 'article page', path: ARTICLE });
    const before = await sink.report();
    const during = await load(server.base, { label: 'article page, sending', path: ARTICLE });
    const sentDuringLoad = (await sink.report()).received - before.received;
    let report = await sink.report();
    for (const started = Date.now(); report.received < audience; report = await sink.report()) {
      if (Date.now() - started > 30 * 60_000) throw new Error(`Only ${report.received} of ${audience} messages arrived in 30 minutes.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const { received, firstAt, lastAt } = report;
    const perSecond = received / Math.max(0.001, (lastAt - firstAt) / 1000);
    console.log(`${table([idle, during])}
messages:                    ${received} in ${((lastAt - firstAt) / 1000).toFixed(1)} s, ${perSecond.toFixed(0)} messages/s (${sentDuringLoad} of them while the page was loaded, ${(sentDuringLoad / DURATION).toFixed(0)} a second)
article page while sending:  ${((during.requests / idle.requests) * 100).toFixed(0)} % of its idle req/s`);
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    sink.stop();
  }
}

/** scripts/bench-smtp-sink.ts in a process of its own (see there why), with its address and a way to ask its counts. */
async function startSink(): Promise<{ url: string; report: () => Promise<SinkReport>; stop: () => void }> {
  const child = fork('scripts/bench-smtp-sink.ts', { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  // One question at a time: the next message answers it; an exit fails it.
  let waiting: { resolve: (message: unknown) => void; reject: (error: Error) => void } | undefined;
  child.on('message', (message) => waiting?.resolve(message));
  child.on('exit', (code) => waiting?.reject(new Error(`The SMTP sink exited (code ${code}).`)));
  const next = <T>() => new Promise<T>((resolve, reject) => (waiting = { resolve: (message) => resolve(message as T), reject }));
  const { port } = await next<{ port: number }>();
  return {
    url: `smtp://127.0.0.1:${port}`,
    report: () => {
      const answer = next<SinkReport>();
      child.send('report');
      return answer;
    },
    stop: () => child.disconnect(),
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
