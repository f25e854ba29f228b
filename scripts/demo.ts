import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { getConnection } from '@/db/client';
import { setUpDatabase } from '@/db/setup';
import { addDemoIssues, removeDemoData } from '@/lib/demo/issues';
import { addDemoResponses, removeDemoResponses } from '@/lib/demo/responses';
import { runScript } from './run';

/**
 * Demo data for load tests, never part of the seed:
 *   npm run db:demo -- --issues 1000                      demo issues (marked) before the earliest issue
 *   npm run db:demo -- --responses 10000 --on DATE/SLUG   demo responses under one article
 *   npm run db:demo -- --remove                           all demo issues, readers and responses away again
 */
const USAGE = `Usage: npm run db:demo -- --issues N                      add N demo issues (marked "Demo data")
       npm run db:demo -- --responses N --on DATE/SLUG    add N demo responses to the article at /issues/DATE/SLUG
       npm run db:demo -- --remove                        remove all demo data`;

function wholeNumber(value: string | undefined, flag: string): number | string {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 ? number : `--${flag} must be a whole number, not "${value}".`;
}

runScript(async (args) => {
  const { values } = parseArgs({
    args,
    options: {
      issues: { type: 'string' },
      responses: { type: 'string' },
      on: { type: 'string' },
      remove: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || (!values.issues && !values.responses && !values.remove)) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const issues = values.issues === undefined ? undefined : wholeNumber(values.issues, 'issues');
  const responses = values.responses === undefined ? undefined : wholeNumber(values.responses, 'responses');
  const target = /^(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)$/.exec(values.on?.replace(/^\/?(issues\/)?/, '') ?? '');
  const problem =
    [issues, responses].find((value) => typeof value === 'string') ??
    (responses !== undefined && !target
      ? '--responses needs --on DATE/SLUG, like --on 2010-09-15/we-should-value-local-diversity.'
      : undefined);
  if (problem) {
    console.error(problem);
    return 2;
  }

  const connection = await getConnection();
  await setUpDatabase(connection);
  if (values.remove) {
    const removedResponses = await removeDemoResponses(connection.db);
    console.log(`Removed ${removedResponses} demo responses and ${await removeDemoData(connection.db)} demo issues.`);
    return 0;
  }
  if (typeof issues === 'number') {
    const bar = process.stdout.isTTY
      ? new SingleBar({ format: 'Adding demo issues [{bar}] {value}/{total}' }, Presets.shades_classic)
      : undefined;
    bar?.start(issues, 0);
    const { first, last } = await addDemoIssues(connection.db, issues, (done) => bar?.update(done));
    bar?.stop();
    console.log(`Added ${issues} demo issues, dated ${first} to ${last} (marked "Demo data"; remove with --remove).`);
  }
  if (typeof responses === 'number' && target) {
    await addDemoResponses(connection.db, { date: target[1]!, slug: target[2]! }, responses);
    console.log(
      `Added ${responses} demo responses to /issues/${target[1]}/${target[2]} (from "Demo reader" accounts; remove with --remove).`,
    );
  }
  return 0;
});
