import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The build and what it was made from. `npm run build` (scripts/build.ts) always builds; `npm start`, `npm run
 * bench` and the end-to-end tests build only when the sources or the build settings changed since the last build.
 * Either way the build is stamped with .next/briefings-build.json, which `npm run serve` checks before serving.
 */

const INPUTS = [
  'app',
  'components',
  'lib',
  'db',
  'public',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.ts',
  'tsconfig.json',
  'package-lock.json',
];
/** The bench's same-size static files (scripts/bench-load.ts), in public/ for a run: not sources. */
export const SAME_SIZE_PREFIX = 'bench-same-size-';
export const STAMP_FILE = path.join('.next', 'briefings-build.json');

/** What a build was made from; the settings are the ones every instance serving it must share. */
export interface BuildStamp {
  sourceHash: string;
  /** sha256 of NEXT_SERVER_ACTIONS_ENCRYPTION_KEY (never the key itself), or null: Next made a key of its own. */
  keyFingerprint: string | null;
  deploymentId: string | null;
}

function filesUnder(entry: string): string[] {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [entry];
  return fs
    .readdirSync(entry)
    .sort()
    .flatMap((name) => (name.endsWith('.test.ts') || name.startsWith(SAME_SIZE_PREFIX) ? [] : filesUnder(path.join(entry, name))));
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** The build settings this process's environment asks for. A blank variable counts as unset, as in lib/config.ts. */
export function buildSettings(env: Record<string, string | undefined> = process.env): Omit<BuildStamp, 'sourceHash'> {
  const key = env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY?.trim();
  const deploymentId = env.NEXT_DEPLOYMENT_ID?.trim();
  return {
    keyFingerprint: key ? `sha256:${createHash('sha256').update(key).digest('hex')}` : null,
    deploymentId: deploymentId || null,
  };
}

/** The stamp of the build in .next, or null when there is no complete build. */
export function readStamp(): BuildStamp | null {
  if (!fs.existsSync(path.join('.next', 'BUILD_ID'))) return null;
  try {
    return JSON.parse(fs.readFileSync(STAMP_FILE, 'utf8')) as BuildStamp;
  } catch {
    return null; // made by `next build` alone, or by an older version of this script
  }
}

/** Why an instance with settings `here` must not serve the build stamped `stamp`, or null if it may. */
export function refusalToServe(stamp: BuildStamp | null, here: Omit<BuildStamp, 'sourceHash'>): string | null {
  if (!stamp) return 'There is no build to serve: run `npm run build` first (with the same environment as the instances).';
  if (stamp.keyFingerprint !== here.keyFingerprint) {
    const which = !stamp.keyFingerprint
      ? 'without NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, but one is set here'
      : !here.keyFingerprint
        ? 'with a NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, but none is set here'
        : 'with another NEXT_SERVER_ACTIONS_ENCRYPTION_KEY than the one set here';
    return `The build was made ${which}: build again with the environment every instance uses.`;
  }
  if (stamp.deploymentId !== here.deploymentId)
    return `The build has deployment id ${stamp.deploymentId ?? '(none)'}, but NEXT_DEPLOYMENT_ID here is ${here.deploymentId ?? '(unset)'}: build again, or start with the build's.`;
  return null;
}

/** Runs `next build` with the settings in the environment, then stamps the build. */
export function build(): BuildStamp {
  const stamp: BuildStamp = { sourceHash: sourceHash(), ...buildSettings() };
  fs.rmSync(STAMP_FILE, { force: true }); // a failed build must not keep the last one's stamp
  const result = spawnSync(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit code ${result.status ?? result.signal}).`);
  fs.writeFileSync(STAMP_FILE, `${JSON.stringify(stamp, null, 2)}\n`);
  return stamp;
}

export function buildIfNeeded(): void {
  const built = readStamp();
  const wanted: BuildStamp = { sourceHash: sourceHash(), ...buildSettings() };
  if (
    built &&
    built.sourceHash === wanted.sourceHash &&
    built.keyFingerprint === wanted.keyFingerprint &&
    built.deploymentId === wanted.deploymentId
  )
    return;
  console.log('Building the site (next build): the sources or build settings changed since the last build, or there is none yet.');
  build();
}

// Also a command of its own (`tsx scripts/build-if-needed.ts`), run once before the end-to-end tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    buildIfNeeded();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
