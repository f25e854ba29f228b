import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { closeDb, getConnection } from '@/db/client';
import { setUpDatabase } from '@/db/setup';
import { addDemoIssues } from '@/lib/demo/issues';
import { ARCHIVE_PAGE_SIZE, readArchivePage } from '@/lib/issues/queries';
import { buildIfNeeded } from './build-if-needed';

/**
 * `npm run bench`: the production build (`next start`) on a fresh data folder with the real issue plus 1 000
 * demo issues, loaded by autocannon (50 connections, 10 s per URL after a warm-up). Prints requests per second
 * and p50/p99 latency for each URL and the ratios the goals are stated in: the article page against a static
 * file from the same server, and a deep archive page against the first. Also times the archive query itself,
 * uncached, first page against the deepest, to show the keyset costs the same at any depth.
 *
 * A small shared machine drifts by a third between runs, so the URLs are measured in turn, round after round
 * (BENCH_ROUNDS, default 3), and each figure is the median of its rounds; ratios compare medians, and every round
 * is printed so the spread is visible.
 */

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 3;
const DEMO_ISSUES = 1000;
const ARTICLE = '/issues/2010-09-15/we-should-value-local-diversity';
const STATIC_FILE = '/icon.svg';

type Measure = { label: string; path: string; requests: number; p50: number; p99: number; errors: number };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (server.exitCode !== null) throw new Error(`The server exited (code ${server.exitCode}) before answering.`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not answer ${url} within a minute.`);
}

type Target = { label: string; path: string };

async function warmUp(base: string, target: Target): Promise<void> {
  const url = `${base}${target.path}`;
  const first = await fetch(url);
  if (!first.ok) throw new Error(`${url} answered ${first.status}; nothing to measure.`);
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP });
}

async function load(base: string, target: Target): Promise<Measure> {
  const result = await autocannon({ url: `${base}${target.path}`, connections: CONNECTIONS, duration: DURATION });
  return {
    ...target,
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One row per URL: the median of its rounds (latencies too), errors summed. */
function summarise(rounds: Measure[][]): Measure[] {
  return rounds[0]!.map((_, index) => {
    const runs = rounds.map((round) => round[index]!);
    return {
      label: runs[0]!.label,
      path: runs[0]!.path,
      requests: median(runs.map((run) => run.requests)),
      p50: median(runs.map((run) => run.p50)),
      p99: median(runs.map((run) => run.p99)),
      errors: runs.reduce((sum, run) => sum + run.errors, 0),
    };
  });
}

async function timeQuery(before: string | null, runs = 200): Promise<number> {
  await readArchivePage(before);
  const start = performance.now();
  for (let run = 0; run < runs; run++) await readArchivePage(before);
  return (performance.now() - start) / runs;
}

function table(rows: Measure[]): string {
  const lines = rows.map(
    (row) =>
      `${row.label.padEnd(26)} ${row.requests.toFixed(0).padStart(8)} req/s   p50 ${String(row.p50).padStart(4)} ms   p99 ${String(row.p99).padStart(4)} ms${row.errors ? `   ${row.errors} errors` : ''}   ${row.path}`,
  );
  return lines.join('\n');
}

async function main() {
  buildIfNeeded();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-bench-'));
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;

  console.log(`Preparing a fresh data folder (${dataDir}): the real issue and ${DEMO_ISSUES} demo issues…`);
  const connection = await getConnection();
  await setUpDatabase(connection);
  await addDemoIssues(connection.db, DEMO_ISSUES);
  // The deepest full archive page (the very last one holds only the remainder): walk the keyset to the end.
  let deepCursor: string | null = null;
  let pages = 0;
  for (let cursor: string | null = null, number = 1; ; number++) {
    const page = await readArchivePage(cursor);
    if (page.issues.length === ARCHIVE_PAGE_SIZE && cursor) [deepCursor, pages] = [cursor, number];
    if (!page.older) break;
    cursor = page.older;
  }
  const queryFirst = await timeQuery(null);
  const queryDeep = await timeQuery(deepCursor);
  await closeDb();

  const port = await freePort();
  const base = `http://localhost:${port}`;
  const server = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATA_DIR: dataDir, SITE_URL: base, PORT: String(port) },
  });
  try {
    await waitForServer(`${base}${STATIC_FILE}`, server);
    console.log(
      `Serving on ${base}; ${CONNECTIONS} connections, ${DURATION} s per URL after a ${WARMUP} s warm-up, on ${os.cpus().length} cores.\n`,
    );
    const targets: Target[] = [
      { label: 'article page', path: ARTICLE },
      { label: 'static file (public/)', path: STATIC_FILE },
      { label: 'archive, first page', path: '/issues' },
      { label: `archive, page ${pages} (deepest)`, path: `/issues/before/${deepCursor}` },
    ];
    for (const target of targets) await warmUp(base, target);
    const rounds: Measure[][] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const measures: Measure[] = [];
      for (const target of targets) measures.push(await load(base, target));
      rounds.push(measures);
      console.log(`round ${round}: ${measures.map((measure) => `${measure.label} ${measure.requests.toFixed(0)}`).join(' · ')} req/s`);
    }
    const summary = summarise(rounds);
    const [article, staticFile, archiveFirst, archiveDeep] = summary as [Measure, Measure, Measure, Measure];

    console.log(`\nMedians of ${ROUNDS} rounds:\n${table(summary)}`);
    const ratio = article.requests / staticFile.requests;
    const depth = archiveFirst.requests / archiveDeep.requests;
    const queryDepth = queryDeep / queryFirst;
    const ratios = rounds.map(([a, b]) => `${((a!.requests / b!.requests) * 100).toFixed(0)} %`).join(', ');
    console.log(`
article page / static file:     ${(ratio * 100).toFixed(0)} % of the static file's req/s (rounds: ${ratios})   (goal ≥ 30 %)
archive page ${pages} / first page:  ${depth.toFixed(2)}× the first page's time per request                 (goal ≤ 1.2×)
archive query, uncached:        first page ${queryFirst.toFixed(2)} ms, page ${pages} ${queryDeep.toFixed(2)} ms → ${queryDepth.toFixed(2)}× (${ARCHIVE_PAGE_SIZE} issues a page, keyset on date)`);
    const failed = summary.filter((row) => row.errors > 0);
    if (failed.length) throw new Error(`Requests failed during the run: ${failed.map((row) => row.label).join(', ')}.`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
