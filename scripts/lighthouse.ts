import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { closeDb, getConnection } from '@/db/client';
import { setUpDatabase } from '@/db/setup';
import { articles, issues } from '@/db/schema';
import { paths } from '@/lib/site';
import { findChromium } from './chromium.mjs';
import { buildIfNeeded } from './build-if-needed';
import { median } from './bench-load';
import { startServer } from './production-server';

/**
 * `npm run lighthouse`: the goal is Lighthouse 100 in all four categories (mobile) on the pages readers land on —
 * home, an issue, an article — and this is how it is measured. The production build (server.mjs) on a fresh data
 * folder holding the real issue; Lighthouse 12 (mobile, its default: simulated slow 4G and a 4× slower CPU) runs
 * RUNS times on each page in a fresh headless Chromium, and the median score of each category is printed, with the
 * audits that kept a category below 100 and the performance metrics behind its score. A measurement, like
 * `npm run bench`: it exits 0 whatever the scores. The JSON reports are kept in a temporary folder, named at the end.
 */

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const ISSUE_DATE = '2010-09-15';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const METRICS = {
  'first-contentful-paint': 'FCP',
  'largest-contentful-paint': 'LCP',
  'total-blocking-time': 'TBT',
  'cumulative-layout-shift': 'CLS',
  'speed-index': 'SI',
} as const;

/** The parts of a Lighthouse JSON report (LHR) read here. */
type Report = {
  runtimeError?: { message: string };
  runWarnings: string[];
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { title: string; score: number | null; scoreDisplayMode: string; displayValue?: string; numericValue?: number }>;
};
type Page = { label: string; path: string };

/** The first article of the issue, in the issue's order, as its page lists it. */
async function firstArticlePath(): Promise<string> {
  const { db } = await getConnection();
  const [first] = await db
    .select({ slug: articles.slug })
    .from(articles)
    .innerJoin(issues, eq(issues.id, articles.issueId))
    .where(eq(issues.date, ISSUE_DATE))
    .orderBy(asc(articles.position))
    .limit(1);
  if (!first) throw new Error(`The issue of ${ISSUE_DATE} has no articles.`);
  return paths.article(ISSUE_DATE, first.slug);
}

function runLighthouse(url: string, outputPath: string, chromium: string): Report {
  const result = spawnSync(
    process.execPath,
    [
      path.join('node_modules', 'lighthouse', 'cli', 'index.js'),
      url,
      '--output=json',
      `--output-path=${outputPath}`,
      '--quiet',
      `--only-categories=${CATEGORIES.join(',')}`,
      '--chrome-flags=--headless=new --no-sandbox',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CHROME_PATH: chromium }, timeout: 5 * 60_000 },
  );
  if (result.status !== 0) throw new Error(`Lighthouse failed on ${url} (exit code ${result.status ?? result.signal}).`);
  const report = JSON.parse(fs.readFileSync(outputPath, 'utf8')) as Report;
  if (report.runtimeError) throw new Error(`Lighthouse could not measure ${url}: ${report.runtimeError.message}`);
  return report;
}

const score = (value: number | null | undefined) => (value == null ? '—' : String(Math.round(value * 100)));

/** The audits that cost a category points in at least one run, with the number of runs they did so in. */
function failingAudits(reports: Report[], category: string): string[] {
  const failures = new Map<string, { title: string; runs: number; values: string[] }>();
  for (const report of reports) {
    for (const { id, weight } of report.categories[category]!.auditRefs) {
      const audit = report.audits[id]!;
      if (weight === 0 || audit.score === null || audit.score >= 1) continue;
      const failure = failures.get(id) ?? { title: audit.title, runs: 0, values: [] };
      failure.runs += 1;
      if (audit.displayValue) failure.values.push(audit.displayValue);
      failures.set(id, failure);
    }
  }
  return [...failures].map(
    ([id, { title, runs, values }]) => `${id} (${title}) in ${runs}/${reports.length} runs${values.length ? `: ${values.join(', ')}` : ''}`,
  );
}

function metricMedians(reports: Report[]): string {
  return Object.entries(METRICS)
    .map(([id, name]) => {
      const value = median(reports.map((report) => report.audits[id]!.numericValue ?? NaN));
      return id === 'cumulative-layout-shift' ? `${name} ${value.toFixed(3)}` : `${name} ${Math.round(value)} ms`;
    })
    .join(' · ');
}

async function main() {
  const chromium = findChromium();
  if (!chromium) throw new Error('No Chromium found: install one (the system package "chromium") or set CHROMIUM_PATH.');
  buildIfNeeded();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-lighthouse-'));
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-lighthouse-reports-'));
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  await setUpDatabase(await getConnection());
  const pages: Page[] = [
    { label: 'home', path: '/' },
    { label: 'issue', path: paths.issue(ISSUE_DATE) },
    { label: 'article', path: await firstArticlePath() },
  ];
  await closeDb(); // the server takes the data folder's lock

  const server = await startServer(dataDir);
  const results: { page: Page; reports: Report[] }[] = [];
  try {
    for (const page of pages) {
      const url = `${server.base}${page.path}`;
      // Rendered and cached once, so no run measures the first render. (Once more if the connection drops: the
      // kept-alive one of the page before may have been closed by the server while Lighthouse ran.)
      const response = await fetch(url).catch(() => fetch(url));
      if (!response.ok) throw new Error(`${url} answered ${response.status}; nothing to measure.`);
      const reports: Report[] = [];
      for (let run = 1; run <= RUNS; run++) {
        console.log(`Lighthouse on ${page.path}, run ${run} of ${RUNS}…`);
        reports.push(runLighthouse(url, path.join(reportDir, `${page.label}-${run}.json`), chromium));
      }
      results.push({ page, reports });
    }
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const medians = results.map(({ page, reports }) => ({
    page,
    scores: CATEGORIES.map((category) => median(reports.map((report) => report.categories[category]!.score ?? NaN))),
  }));
  console.log(`\nMedian scores of ${RUNS} runs (Lighthouse 12, mobile, ${os.cpus().length} cores):\n`);
  console.log(['page'.padEnd(8), ...CATEGORIES.map((category) => category.padStart(15))].join(''));
  for (const { page, scores } of medians) console.log([page.label.padEnd(8), ...scores.map((value) => score(value).padStart(15))].join(''));

  let below = 0;
  for (const [index, { page, reports }] of results.entries()) {
    console.log(`\n${page.label} (${page.path}): ${metricMedians(reports)}`);
    for (const [categoryIndex, category] of CATEGORIES.entries()) {
      if (medians[index]!.scores[categoryIndex]! >= 1) continue;
      below += 1;
      console.log(`  BELOW 100: ${category} ${score(medians[index]!.scores[categoryIndex])}`);
      for (const failure of failingAudits(reports, category)) console.log(`    ${failure}`);
    }
  }
  // Lighthouse's own warnings, such as a CPU too slow for its 4× slowdown: they tell how far to trust the scores.
  const warnings = new Set(results.flatMap(({ reports }) => reports.flatMap((report) => report.runWarnings)));
  for (const warning of warnings) console.log(`\nLighthouse warned: ${warning}`);
  console.log(
    `\n${below === 0 ? 'Every score is 100.' : `${below} of ${results.length * CATEGORIES.length} median scores are below 100.`} Reports: ${reportDir}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
