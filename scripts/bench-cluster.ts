import os from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import type { Cluster } from '../cluster/cluster';
import { clusterBuild, clusterDatabaseUrl, postgresServer, startCluster } from '../cluster/start';
import { RESPONSE_LIMITS } from '@/lib/ratelimit/rules';
import {
  ARTICLE,
  CONNECTIONS,
  DURATION,
  ROUNDS,
  STATIC_FILE,
  measureInRounds,
  median,
  share,
  shareByRound,
  summarise,
  table,
  warmUp,
  writeSameSizeFile,
  type Measure,
} from './bench-load';

/**
 * The cluster part of `npm run bench` (BENCH_PARTS=cluster runs it alone): the cluster of `npm run test:cluster`
 * (cluster/start.ts: two instances on one PostgreSQL database behind nginx with deploy/nginx/briefings.conf). First
 * the article page through nginx against a static file through nginx, as the app alone is measured (and against a
 * static file as large as the page, to tell the bytes from the rest); then
 * BENCH_CLUSTER_SECONDS (60) of 50 reader connections on reading pages through nginx while 10 posters post
 * responses through nginx as signed-in readers, by the response form as a browser without JavaScript sends it.
 * Fails on any 5xx, and on any acknowledged response missing from the database afterwards.
 */

const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 60);
const POSTERS = 10;
// A reader may post every 10 s; each poster takes its readers in turn, so it is never held back by the limit
// unless a post takes less than half a second.
const READERS_PER_POSTER = 20;
const SPACING_MS = RESPONSE_LIMITS.spacingSeconds * 1000 + 500;
const READING_PAGES = ['/', '/issues', '/issues/2010-09-15', ARTICLE];
// As a browser asks: the app compresses pages for clients that accept it, and nginx keeps each encoding apart.
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };
const LIMITED = /Please wait [^<]* before posting again|New accounts may post/;

/** The PostgreSQL server to use — BENCH_DATABASE_URL, TEST_DATABASE_URL or this machine's — or null if none answers. */
export async function reachablePostgres(): Promise<string | null> {
  if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const client = new pg.Client({ connectionString: postgresServer(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return postgresServer();
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Builds for the cluster (a server actions key and deployment id) unless that build is current, and makes this
 * process's environment ask for it: the app part's server then serves the same build instead of building another.
 */
export function buildForCluster(): void {
  const { key, deploymentId } = clusterBuild(clusterDatabaseUrl(), 'Bench');
  process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY = key;
  process.env.NEXT_DEPLOYMENT_ID = deploymentId;
}

export async function benchCluster(): Promise<void> {
  // The article page's bytes as a static file of the same size, for a fair comparison through nginx: the cluster
  // renders the page once and is started again to serve the file (its instances list public/ when they start).
  const first = await startCluster('Bench');
  let html: string;
  try {
    html = await (await fetch(`${first.cluster.proxy}${ARTICLE}`)).text();
  } finally {
    await first.stop();
  }
  const sameSize = writeSameSizeFile(html);
  const { cluster, stop } = await startCluster('Bench');
  try {
    const readers = await addPostingReaders(cluster.databaseUrl, POSTERS * READERS_PER_POSTER);
    await compareWithStatic(cluster.proxy, sameSize.path);
    await loadWithWriters(cluster, readers);
  } finally {
    await stop();
    sameSize.remove();
  }
}

/** Established readers (accounts ten days old, named), each with a session; returns their session cookies. */
async function addPostingReaders(databaseUrl: string, count: number): Promise<string[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ token: string }>(
      `with made as (
         insert into users (id, email, display_name, email_verified, created_at, updated_at)
         select gen_random_uuid()::text, 'bench-poster-' || n || '@readers.example.org', 'Bench Poster ' || n, now() - interval '10 days',
                now() - interval '10 days', now() - interval '10 days'
         from generate_series(1, $1::int) n
         returning id)
       insert into sessions (session_token, user_id, expires)
       select gen_random_uuid()::text, id, now() + interval '1 day' from made
       returning session_token as token`,
      [count],
    );
    return rows.map(({ token }) => `authjs.session-token=${token}`);
  } finally {
    await db.end();
  }
}

async function compareWithStatic(proxy: string, sameSizePath: string): Promise<void> {
  const targets = [
    { label: 'article via nginx', path: ARTICLE, headers: BROWSER },
    { label: 'static file via nginx', path: STATIC_FILE, headers: BROWSER },
    { label: 'same-size static via nginx', path: sameSizePath, headers: BROWSER },
  ];
  console.log(
    `\nThrough nginx (${proxy}): ${CONNECTIONS} connections asking for gzip as browsers do, ${DURATION} s per URL, ${ROUNDS} rounds.`,
  );
  for (const target of targets) await warmUp(proxy, target);
  const rounds = await measureInRounds(proxy, targets);
  const [article, staticFile, sameSize] = summarise(rounds) as [Measure, Measure, Measure];
  console.log(`\nMedians of ${ROUNDS} rounds:\n${table([article, staticFile, sameSize])}
article / static file, through nginx:            ${share(article, staticFile)} (rounds: ${shareByRound(rounds, 0, 1)})   goal ≥ 90 %
article / same-size static file, through nginx:  ${share(article, sameSize)} (rounds: ${shareByRound(rounds, 0, 2)})   (the bytes alone: same-size / static file ${share(sameSize, staticFile)})`);
  if (article.errors || staticFile.errors || sameSize.errors) throw new Error('Requests through nginx failed (see the table).');
}

type Tally = {
  acknowledged: Map<number, string>;
  refused: number;
  /** The posters' 5xx answers: which request, the status, and the start of the body (to find it in the logs). */
  serverErrors: string[];
  failures: string[];
  roundTrips: number[];
};

async function loadWithWriters(cluster: Cluster, cookies: string[]): Promise<void> {
  console.log(
    `\n${SECONDS} s through nginx: ${CONNECTIONS} reader connections on ${READING_PAGES.join(', ')}, and ${POSTERS} posters (${cookies.length} signed-in readers in turn) posting responses. Load average before: ${loadAverage()}.`,
  );
  const tally: Tally = { acknowledged: new Map(), refused: 0, serverErrors: [], failures: [], roundTrips: [] };
  const until = Date.now() + SECONDS * 1000;
  const posters = Array.from({ length: POSTERS }, (_, index) =>
    poster(cluster.proxy, cookies.slice(index * READERS_PER_POSTER, (index + 1) * READERS_PER_POSTER), index, until, tally),
  );
  const reads = await autocannon({
    url: cluster.proxy,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: BROWSER,
    requests: READING_PAGES.map((path) => ({ method: 'GET' as const, path })),
  });
  await Promise.all(posters);
  const missing = await missingFromDatabase(cluster.databaseUrl, tally.acknowledged);
  const serverErrors = reads['5xx'] + tally.serverErrors.length;
  const roundTrip = tally.roundTrips.length ? median(tally.roundTrips) : 0;
  console.log(`${table([
    {
      label: 'reading pages, mixed',
      path: `${READING_PAGES.length} pages`,
      requests: reads.requests.average,
      p50: reads.latency.p50,
      p99: reads.latency.p99,
      errors: reads.errors + reads.non2xx,
    },
  ])}
5xx answers:                 ${serverErrors} (reads ${reads['5xx']}, posts ${tally.serverErrors.length}${tally.serverErrors.length ? `: ${tally.serverErrors.join('; ')}` : ''})   must be 0
posts acknowledged:          ${tally.acknowledged.size} (${(tally.acknowledged.size / SECONDS).toFixed(1)}/s, p50 ${roundTrip.toFixed(0)} ms for the form and the post); refused by the posting limit: ${tally.refused}; failed otherwise: ${tally.failures.length}${tally.failures.length ? ` (${[...new Set(tally.failures)].slice(0, 3).join('; ')})` : ''}
in the database afterwards:  ${tally.acknowledged.size - missing.length} of ${tally.acknowledged.size} acknowledged responses   must be all
load average after:          ${loadAverage()}`);
  if (serverErrors) throw new Error(`${serverErrors} requests were answered with a 5xx under load.`);
  if (missing.length) throw new Error(`Acknowledged responses missing from the database: ${missing.join(', ')}.`);
  if (!tally.acknowledged.size) throw new Error('No response was acknowledged: the writers measured nothing.');
}

/** Posts as each of its readers in turn, as fast as the posting limit allows, until `until`. */
async function poster(proxy: string, cookies: string[], index: number, until: number, tally: Tally): Promise<void> {
  const lastPostAt = cookies.map(() => 0);
  for (let turn = 0; Date.now() < until; turn++) {
    const reader = turn % cookies.length;
    const wait = lastPostAt[reader]! + SPACING_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (Date.now() >= until) break;
    const started = Date.now();
    await postResponse(proxy, cookies[reader]!, `Written under load by poster ${index}, turn ${turn}.`, tally).catch((error: unknown) =>
      tally.failures.push(String(error)),
    );
    tally.roundTrips.push(Date.now() - started);
    // After the answer, so the server's own clock for the limit has started before ours.
    lastPostAt[reader] = Date.now();
  }
}

/**
 * What a browser without JavaScript does: load the article page signed in, then post its response form (the fields
 * React rendered for the server action, and the text) to the same address. An accepted response is answered with a
 * redirect to it — the acknowledgement; a refused one with the page again, saying why.
 */
async function postResponse(proxy: string, cookie: string, body: string, tally: Tally): Promise<void> {
  const page = await fetch(proxy + ARTICLE, { headers: { cookie } });
  const html = await page.text();
  if (page.status >= 500) return void tally.serverErrors.push(serverError('GET', page, html));
  const form = new FormData();
  for (const [name, value] of responseFormFields(html)) form.append(name, value);
  form.set('body', body);
  const answer = await fetch(proxy + ARTICLE, { method: 'POST', body: form, headers: { cookie, origin: proxy }, redirect: 'manual' });
  const text = await answer.text();
  const location = answer.headers.get('location') ?? '';
  const id = Number(
    location
      .match(/#response-(\d+)$|\/responses\/(\d+)\?posted=/)
      ?.slice(1)
      .find(Boolean),
  );
  if (answer.status >= 500) tally.serverErrors.push(serverError('POST', answer, text));
  else if (answer.status >= 300 && answer.status < 400 && id) tally.acknowledged.set(id, body);
  else if (LIMITED.test(text)) tally.refused++;
  else tally.failures.push(`answer ${answer.status}${location ? ` to ${location}` : ''}`);
}

function serverError(method: string, response: Response, text: string): string {
  const when = new Date().toISOString().slice(11, 23);
  return `${method} ${response.status} at ${when} (${response.headers.get('x-cache-status') ?? 'no cache status'}): ${text.replace(/\s+/g, ' ').slice(0, 120)}`;
}

/** The named inputs of the page's first response form. */
function responseFormFields(html: string): [string, string][] {
  const form = html.match(/<form[^>]*class="response-form"[\s\S]*?<\/form>/)?.[0];
  if (!form) throw new Error('The article page has no response form for this reader.');
  return [...form.matchAll(/<input\b[^>]*>/g)].flatMap(([input]) => {
    const name = input.match(/\bname="([^"]*)"/)?.[1];
    return name ? [[unescapeHtml(name), unescapeHtml(input.match(/\bvalue="([^"]*)"/)?.[1] ?? '')] as [string, string]] : [];
  });
}

function unescapeHtml(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return named[entity] ?? whole;
    return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
}

/** The acknowledged responses that are not in the database with the text that was posted. */
async function missingFromDatabase(databaseUrl: string, acknowledged: Map<number, string>): Promise<number[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: number; body: string }>('select id, body from responses where id = any($1::int[])', [
      [...acknowledged.keys()],
    ]);
    const stored = new Map(rows.map((row) => [Number(row.id), row.body]));
    return [...acknowledged].filter(([id, body]) => stored.get(id) !== body).map(([id]) => id);
  } finally {
    await db.end();
  }
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}
