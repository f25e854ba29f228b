import { SingleBar, Presets } from 'cli-progress';
import { getConnection } from '@/db/client';
import { migrate } from '@/db/migrate';
import { importIssueFiles } from '@/lib/issues/import';
import { runScript } from './run';

/**
 * `npm run import -- FILE_OR_FOLDER…`: imports briefing text files (format: content/README.md). All files are
 * checked before anything is written, and written in one transaction; a re-import updates in place.
 */

async function main(args: string[]): Promise<number> {
  if (args.length === 0 || args.includes('--help')) {
    console.log('Usage: npm run import -- FILE_OR_FOLDER…\nImports briefing text files (see content/README.md for the format).');
    return args.length === 0 ? 2 : 0;
  }
  const connection = await getConnection();
  const bar = process.stdout.isTTY
    ? new SingleBar({ format: 'Importing [{bar}] {value}/{total} issues' }, Presets.shades_classic)
    : undefined;
  const onProgress = (done: number, total: number) => {
    if (!bar || total < 2) return;
    if (done === 1) bar.start(total, 0);
    bar.update(done);
    if (done === total) bar.stop();
  };
  // Exclusive: on PostgreSQL, two imports at once would race for the same rows.
  const outcomes = await connection.exclusive(async () => {
    await migrate(connection);
    return importIssueFiles(connection.db, args, onProgress);
  });
  for (const outcome of outcomes) {
    console.log(
      `${outcome.result.padEnd(9)} ${outcome.date}  ${outcome.articles} article${outcome.articles === 1 ? '' : 's'}  ${outcome.file}`,
    );
  }
  const count = (result: string) => outcomes.filter((outcome) => outcome.result === result).length;
  console.log(
    `Imported ${outcomes.length} file${outcomes.length === 1 ? '' : 's'}: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged.`,
  );
  return 0;
}

runScript(main);
