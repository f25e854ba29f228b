import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { E2E_SUBSCRIBERS } from '../e2e/staff';
import { readStamp, sourceHash } from '../scripts/build-if-needed';
import { CLUSTER_DATABASE, ports, writeNginxConfig, type Cluster } from './cluster';

/**
 * Starts the cluster that `npm run test:cluster` (cluster/setup.ts) and `npm run bench` (scripts/bench.ts) run
 * against: the build (`npm run build`, with a server actions key and deployment id made for it, and DATABASE_URL set
 * as an operator's env file has it), a fresh PostgreSQL database prepared as the e2e servers' is (e2e/prepare.ts),
 * two instances started as systemd would (`npm run serve`, scripts/serve.ts), and nginx with
 * deploy/nginx/briefings.conf. `label` starts every line it prints ("Cluster test", "Bench").
 */

const NGINX = '/usr/sbin/nginx';
const EXTRA_SUBSCRIBERS = 200;
// Kept between runs (not a secret: a test key for a test build) so an unchanged tree is not built again.
const SETTINGS_FILE = path.join('node_modules', '.cache', 'briefings-cluster', 'build.json');
/** The PostgreSQL server (a database on it) the cluster's own database is made on: TEST_DATABASE_URL, or this machine's. */
export function postgresServer(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export type BuildSettings = { key: string; deploymentId: string };

/** The key and deployment id the environment gives (CI sets them for `npm test`'s build too, so one build serves both). */
function settingsFromEnvironment(): BuildSettings | null {
  const { NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key, NEXT_DEPLOYMENT_ID: deploymentId } = process.env;
  return key && deploymentId ? { key, deploymentId } : null;
}

/** Builds unless the build in .next is current for the kept (or given) key and deployment id; returns them. */
export function clusterBuild(databaseUrl: string, label: string): BuildSettings {
  const given = settingsFromEnvironment();
  const kept = given ?? (fs.existsSync(SETTINGS_FILE) ? (JSON.parse(fs.readFileSync(SETTINGS_FILE, 'utf8')) as BuildSettings) : null);
  const stamp = readStamp();
  if (
    kept &&
    stamp &&
    stamp.sourceHash === sourceHash() &&
    stamp.deploymentId === kept.deploymentId &&
    stamp.keyFingerprint === `sha256:${createHash('sha256').update(kept.key).digest('hex')}`
  ) {
    console.log(`${label}: the build is current (same sources, key and deployment id).`);
    return kept;
  }
  const settings = given ?? { key: randomBytes(32).toString('base64'), deploymentId: `cluster-${Date.now().toString(36)}` };
  const started = Date.now();
  const built = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/build.ts'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: settings.key,
      NEXT_DEPLOYMENT_ID: settings.deploymentId,
    },
  });
  if (built.status !== 0) throw new Error('npm run build failed.');
  console.log(`${label}: built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  fs.mkdirSync(path.dirname(SETTINGS_FILE), { recursive: true });
  fs.rmSync(SETTINGS_FILE, { force: true }); // node_modules may be hard links shared with another checkout
  fs.writeFileSync(SETTINGS_FILE, JSON.stringify(settings));
  return settings;
}

/** The cluster's database on postgresServer() (named after CLUSTER_PORT_BASE, so two checkouts never share one). */
export function clusterDatabaseUrl(): string {
  const url = new URL(postgresServer());
  url.pathname = `/${CLUSTER_DATABASE}`;
  return url.toString();
}

async function onServer(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresServer() });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

async function freshDatabase(): Promise<string> {
  await onServer(`drop database if exists ${CLUSTER_DATABASE} with (force)`);
  await onServer(`create database ${CLUSTER_DATABASE}`);
  return clusterDatabaseUrl();
}

function dropDatabase(): Promise<void> {
  return onServer(`drop database if exists ${CLUSTER_DATABASE} with (force)`);
}

async function waitFor(url: string, process: ChildProcess, name: string, log: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) break;
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not start (see ${log}):\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : ''}`);
}

const started: ChildProcess[] = [];
// Whatever happens to this process (a failed start, an interrupted run), none of the groups outlives it.
process.once('exit', () => {
  for (const child of started) stopGroup(child, 'SIGKILL');
});

/** Starts a command in a process group of its own (so kill -9 reaches every process of it), logging to a file. */
function startGroup(command: string, args: string[], env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const out = fs.openSync(log, 'a');
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  started.push(child);
  return child;
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone (instance A is killed by a test)
  }
}

export type RunningCluster = { cluster: Cluster; stop: () => Promise<void> };

/** Starts the cluster; on failure nothing of it is left running and its database is dropped. */
export async function startCluster(label: string): Promise<RunningCluster> {
  try {
    return await start(label);
  } catch (error) {
    for (const child of started) stopGroup(child, 'SIGKILL');
    await dropDatabase().catch(() => {});
    throw error;
  }
}

async function start(label: string): Promise<RunningCluster> {
  const begun = Date.now();
  const databaseUrl = await freshDatabase();
  const { key, deploymentId } = clusterBuild(databaseUrl, label);
  const afterBuild = Date.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'briefings-cluster-'));
  fs.chmodSync(root, 0o711); // nginx's workers (nobody, under root) pass through to their cache; nothing is listed
  const mailDir = path.join(root, 'mail');
  const env = (dataDir: string, port: number): NodeJS.ProcessEnv => ({
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    SITE_URL: `http://localhost:${ports.proxy}`,
    DATA_DIR: dataDir,
    MAIL_DIR: mailDir,
    AUTH_SECRET: 'cluster-test-secret-of-more-than-32-characters',
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key,
    NEXT_DEPLOYMENT_ID: deploymentId,
    TRUST_PROXY: 'loopback', // as deploy/briefings.env.example: nginx on this machine
    SEND_RATE: '100', // two seconds for the send's 203 messages: long enough for both instances' loops to join in
    SMTP_URL: '',
  });
  const dataA = path.join(root, 'a');
  const prepared = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'e2e/prepare.ts'], {
    stdio: 'inherit',
    env: env(dataA, ports.a),
  });
  if (prepared.status !== 0) throw new Error('Could not prepare the cluster database (e2e/prepare.ts).');
  const extra = Array.from({ length: EXTRA_SUBSCRIBERS }, (_, index) => `cluster-${index}@subscribers.example.org`);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `insert into subscribers (email, status, consent_source, consent_wording, consent_at, confirmed_at)
     select unnest($1::text[]), 'active', 'import', 'Added for the cluster test.', now() - interval '7 days', now() - interval '7 days'`,
    [extra],
  );
  // e2e/prepare.ts writes some fixture responses as of now; an hour back, the readers who wrote them may post at once
  // (ten seconds between responses), however quickly the instances start.
  await db.query(`update responses set created_at = created_at - interval '1 hour' where created_at > now() - interval '10 minutes'`);
  await db.end();

  const serve = ['node_modules/tsx/dist/cli.mjs', 'scripts/serve.ts'];
  const a = startGroup(process.execPath, serve, env(dataA, ports.a), path.join(root, 'a.log'));
  const b = startGroup(process.execPath, serve, env(path.join(root, 'b'), ports.b), path.join(root, 'b.log'));
  await Promise.all([
    waitFor(`http://localhost:${ports.a}/robots.txt`, a, 'Instance A', path.join(root, 'a.log')),
    waitFor(`http://localhost:${ports.b}/robots.txt`, b, 'Instance B', path.join(root, 'b.log')),
  ]);
  const prefix = path.join(root, 'nginx');
  const { main, cache } = writeNginxConfig(prefix);
  const nginx = startGroup(
    NGINX,
    ['-p', prefix, '-c', main, '-e', path.join(prefix, 'logs', 'error.log')],
    process.env,
    path.join(root, 'nginx.log'),
  );
  await waitFor(`http://localhost:${ports.proxy}/robots.txt`, nginx, 'nginx', path.join(prefix, 'logs', 'error.log'));

  const cluster: Cluster = {
    root,
    proxy: `http://localhost:${ports.proxy}`,
    a: `http://localhost:${ports.a}`,
    b: `http://localhost:${ports.b}`,
    pids: { a: a.pid!, b: b.pid!, nginx: nginx.pid! },
    dataDir: dataA,
    mailDir,
    nginxCache: cache,
    databaseUrl,
    subscribers: [...E2E_SUBSCRIBERS, ...extra],
  };
  const ready = Date.now();
  console.log(
    `${label}: nginx on ${cluster.proxy}, instances on ${ports.a} and ${ports.b} (${root}); ready ${((ready - afterBuild) / 1000).toFixed(0)} s after the build (${((ready - begun) / 1000).toFixed(0)} s in all).`,
  );

  const stop = async () => {
    for (const child of [nginx, a, b]) stopGroup(child, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const child of [nginx, a, b]) stopGroup(child, 'SIGKILL');
    await dropDatabase().catch((error: unknown) => console.error(`${label}: could not drop its database:`, error));
    if (!process.env.KEEP_CLUSTER) fs.rmSync(root, { recursive: true, force: true });
    console.log(`${label}: ${((Date.now() - afterBuild) / 1000).toFixed(0)} s after the build.`);
  };
  return { cluster, stop };
}
