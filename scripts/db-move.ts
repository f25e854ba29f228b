import { redact } from '@/db/client';
import { moveToPostgres } from '@/db/backup/move';
import { comparisonLines, totals } from '@/db/backup/report';
import { config } from '@/lib/config';
import { runScript } from './run';

/**
 * `npm run db:move -- postgres://…`: the way off the embedded database. Copies it into an empty PostgreSQL
 * database, checks every table row for row (count and digest), prints the comparison and the next step. The
 * embedded database is left as it was, so nothing is lost if the move is abandoned. Stop the server first.
 */

const USAGE = `Usage: npm run db:move -- postgres://USER:PASSWORD@HOST:PORT/DATABASE
Copies the embedded database in DATA_DIR into that PostgreSQL database, which must be empty (createdb it first),
and verifies every table.`;

async function main(args: string[]): Promise<number> {
  const [url] = args;
  if (args.length !== 1 || !url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error(USAGE);
    return args[0] === '--help' ? 0 : 2;
  }
  const { dataDir } = config();
  const started = performance.now();
  const outcome = await moveToPostgres(dataDir, url);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Copied the embedded database in ${dataDir} into ${outcome.location} in ${seconds} s:`);
  for (const line of comparisonLines(outcome.source, outcome.differences)) console.log(line);
  if (outcome.differences.length > 0) {
    console.error(`${outcome.differences.length} table(s) differ: do not switch to this database; drop it and look into why.`);
    return 1;
  }
  console.log(`Every table matches: ${totals(outcome.source)}, row for row.`);
  console.log(
    [
      '',
      'Next step: stop the server (if it is not stopped yet), set',
      `  DATABASE_URL=${redact(url)}`,
      'with the real password in the environment of the server, the worker and these scripts (your env file), and',
      'start them again. The embedded database in DATA_DIR is left as it was; keep DATA_DIR: it also holds the',
      'sign-in secret (auth-secret) unless AUTH_SECRET is set — give every instance the same AUTH_SECRET.',
    ].join('\n'),
  );
  return 0;
}

runScript(main);
