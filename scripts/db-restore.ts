import fs from 'node:fs';
import { BackupError } from '@/db/backup/errors';
import { totals } from '@/db/backup/report';
import { restoreBackup } from '@/db/backup/restore';
import { config } from '@/lib/config';
import { runScript } from './run';

/**
 * `npm run db:restore -- FILE`: a dump from `db:backup` (or any plain pg_dump) into the configured database, which
 * must be empty — a new PostgreSQL database, or a DATA_DIR without an embedded database yet. One transaction,
 * checked against the dump's digests before it commits: on any failure nothing is stored.
 */

const USAGE = `Usage: npm run db:restore -- FILE
Loads FILE (from npm run db:backup) into the database of the configuration — PostgreSQL when DATABASE_URL is set,
else the embedded one in DATA_DIR — which must be empty.`;

async function main(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] === '--help') {
    console.error(USAGE);
    return args[0] === '--help' ? 0 : 2;
  }
  const [file] = args as [string];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new BackupError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const { DATABASE_URL, dataDir } = config();
  const started = performance.now();
  const outcome = await restoreBackup({ databaseUrl: DATABASE_URL, dataDir }, text);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Restored ${file} into ${outcome.location}: ${totals(outcome.relations)}, in ${seconds} s.`);
  console.log(
    outcome.verified
      ? 'Every table and sequence matches the checksums written with the dump.'
      : 'The file carries no checksums (it was not made by npm run db:backup), so the rows were not verified.',
  );
  return 0;
}

runScript(main);
