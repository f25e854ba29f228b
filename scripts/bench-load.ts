import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { SAME_SIZE_PREFIX } from './build-if-needed';

/**
 * What every part of `npm run bench` measures with: autocannon at 50 connections, a URL at a time, and the table
 * and medians the parts print.
 */

export const CONNECTIONS = 50;
export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const WARMUP = 3;
export const ARTICLE = '/issues/2010-09-15/we-should-value-local-diversity';
export const STATIC_FILE = '/icon.svg';

export type Measure = { label: string; path: string; requests: number; p50: number; p99: number; errors: number };
/** A URL to load; `headers` are sent with every request (a browser's Accept-Encoding, say). */
export type Target = { label: string; path: string; headers?: Record<string, string> };

export async function warmUp(base: string, target: Target): Promise<void> {
  const url = `${base}${target.path}`;
  const first = await fetch(url, { headers: target.headers });
  if (!first.ok) throw new Error(`${url} answered ${first.status}; nothing to measure.`);
  await autocannon({ url, headers: target.headers, connections: CONNECTIONS, duration: WARMUP });
}

export async function load(base: string, target: Target): Promise<Measure> {
  const result = await autocannon({ url: `${base}${target.path}`, headers: target.headers, connections: CONNECTIONS, duration: DURATION });
  return {
    label: target.label,
    path: target.path,
    requests: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** Each target measured in turn, round after round, each round printed; returns the rounds. */
export async function measureInRounds(base: string, targets: Target[]): Promise<Measure[][]> {
  const rounds: Measure[][] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const measures: Measure[] = [];
    for (const target of targets) measures.push(await load(base, target));
    rounds.push(measures);
    console.log(`round ${round}: ${measures.map((measure) => `${measure.label} ${measure.requests.toFixed(0)}`).join(' · ')} req/s`);
  }
  return rounds;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One row per URL: the median of its rounds (latencies too), errors summed. */
export function summarise(rounds: Measure[][]): Measure[] {
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

/** `row` as a share of `of`, in req/s: "87 %". */
export function share(row: Measure, of: Measure): string {
  return `${((row.requests / of.requests) * 100).toFixed(0)} %`;
}

/** The same ratio in each round: "85 %, 90 %, 88 %". */
export function shareByRound(rounds: Measure[][], index: number, of: number): string {
  return rounds.map((round) => `${((round[index]!.requests / round[of]!.requests) * 100).toFixed(0)} %`).join(', ');
}

export function table(rows: Measure[]): string {
  const lines = rows.map(
    (row) =>
      `${row.label.padEnd(26)} ${row.requests.toFixed(0).padStart(8)} req/s   p50 ${String(row.p50).padStart(4)} ms   p99 ${String(row.p99).padStart(4)} ms${row.errors ? `   ${row.errors} errors` : ''}   ${row.path}`,
  );
  return lines.join('\n');
}

/**
 * A static file exactly as large as a page, to tell the cost of the bytes from the cost of serving a page: written
 * into public/ (scripts/build-if-needed.ts does not count it as a source) and removed by `remove` or at exit. Next
 * lists public/ when it starts, so a server started before it was written does not serve it.
 */
export function writeSameSizeFile(html: string): { path: string; remove: () => void } {
  const file = path.join('public', `${SAME_SIZE_PREFIX}${process.pid}-${Date.now()}.html`);
  const remove = () => fs.rmSync(file, { force: true });
  process.once('exit', remove);
  fs.writeFileSync(file, html);
  return { path: `/${path.basename(file)}`, remove };
}
