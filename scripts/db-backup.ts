import path from 'node:path';
import { defaultBackupFile, dumpEmbedded, dumpPostgres, writeBackup } from '@/db/backup/dump';
import { totals } from '@/db/backup/report';
import { config } from '@/lib/config';
import { runScript } from './run';

/**
 * `npm run db:backup [-- FILE]`: the whole database — the app's tables and pg-boss's jobs — as a plain SQL file
 * that psql reads, with the digests `db:restore` checks (db/backup/). On PostgreSQL it may run beside the servers
 * (pg_dump reads one snapshot); the embedded database has to be free, so stop the server for the few seconds it
 * takes (the lock's message says so).
 */

const USAGE = `Usage: npm run db:backup [-- FILE]
Writes the database (PostgreSQL when DATABASE_URL is set, else the embedded one in DATA_DIR) to FILE as SQL,
by default ./briefings-backup-<time>.sql. The file holds personal data: it is readable by you alone.`;

async function main(args: string[]): Promise<number> {
  if (args.length > 1 || args.includes('--help') || args[0]?.startsWith('-')) {
    console.error(USAGE);
    return args.includes('--help') ? 0 : 2;
  }
  const { DATABASE_URL, dataDir } = config();
  const file = path.resolve(args[0] ?? defaultBackupFile());
  const started = performance.now();
  const dump = DATABASE_URL ? await dumpPostgres(DATABASE_URL) : await dumpEmbedded(dataDir);
  writeBackup(file, dump);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const source = DATABASE_URL ? 'PostgreSQL' : `the embedded database in ${dataDir}`;
  console.log(`Backed up ${source} to ${file}: ${totals(dump.manifest.relations)}, in ${seconds} s.`);
  console.log(`Restore it into an empty database with: npm run db:restore -- ${args[0] ?? path.basename(file)}`);
  return 0;
}

runScript(main);
