import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `next build` only when the sources changed since the last build: a content hash of everything the build
 * reads, kept beside the build. Used by `npm start`, `npm run bench` and the end-to-end tests.
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
const STAMP = path.join('.next', 'briefings-build-inputs');

function filesUnder(entry: string): string[] {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [entry];
  return fs
    .readdirSync(entry)
    .sort()
    .flatMap((name) => (name.endsWith('.test.ts') ? [] : filesUnder(path.join(entry, name))));
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function buildIfNeeded(): void {
  const wanted = sourceHash();
  const built = fs.existsSync(path.join('.next', 'BUILD_ID')) && fs.readFileSync(STAMP, { encoding: 'utf8', flag: 'a+' }).trim();
  if (built === wanted) return;
  console.log('Building the site (next build): the sources changed since the last build, or there is none yet.');
  const result = spawnSync(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit code ${result.status ?? result.signal}).`);
  fs.writeFileSync(STAMP, wanted);
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
