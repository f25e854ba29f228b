// `npm run test:unit`: the Vitest suite on the embedded database (PGlite) and, when TEST_DATABASE_URL names a
// PostgreSQL server (as in CI), once more on PostgreSQL — so both are tested on every run.
import { spawnSync } from 'node:child_process';

const vitest = (label, env) => {
  console.log(`\n▶ Vitest on ${label}\n`);
  return (
    spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env }).status ?? 1
  );
};

const { TEST_DATABASE_URL, ...withoutServer } = process.env;
let status = vitest('PGlite', withoutServer);
if (status === 0 && TEST_DATABASE_URL) status = vitest(`PostgreSQL (${TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')})`, process.env);
process.exit(status);
