import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { getConnection } from '@/db/client';
import { setUpDatabase } from '@/db/setup';
import { addDemoIssues, removeDemoData } from '@/lib/demo/issues';
import { runScript } from './run';

/**
 * `npm run db:demo -- --issues 1000` adds that many demo issues (marked as such) before the earliest issue;
 * `npm run db:demo -- --remove` takes every demo issue away again. For load tests; never part of the seed.
 */
runScript(async (args) => {
  const { values } = parseArgs({ args, options: { issues: { type: 'string' }, remove: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help || (!values.issues && !values.remove)) {
    console.log(
      'Usage: npm run db:demo -- --issues N    add N demo issues (marked "Demo data")\n       npm run db:demo -- --remove      remove all demo data',
    );
    return values.help ? 0 : 2;
  }
  const count = Number(values.issues);
  if (!values.remove && (!Number.isInteger(count) || count < 1)) {
    console.error(`--issues must be a whole number of issues, not "${values.issues}".`);
    return 2;
  }
  const connection = await getConnection();
  await setUpDatabase(connection);
  if (values.remove) {
    console.log(`Removed ${await removeDemoData(connection.db)} demo issues.`);
    return 0;
  }
  const bar = process.stdout.isTTY
    ? new SingleBar({ format: 'Adding demo issues [{bar}] {value}/{total}' }, Presets.shades_classic)
    : undefined;
  bar?.start(count, 0);
  const { first, last } = await addDemoIssues(connection.db, count, (done) => bar?.update(done));
  bar?.stop();
  console.log(`Added ${count} demo issues, dated ${first} to ${last} (marked "Demo data"; remove with --remove).`);
  return 0;
});
