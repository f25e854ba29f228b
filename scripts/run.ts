import { BackupError } from '@/db/backup/errors';
import { closeDb, DatabaseUnavailableError } from '@/db/client';
import { DataDirLockedError } from '@/db/lock';
import { ConfigError } from '@/lib/config';
import { ControlError } from '@/lib/control/client';
import { DemoRangeError } from '@/lib/demo/issues';
import { DemoTargetError } from '@/lib/demo/responses';
import { Refusal } from '@/lib/commands/refusal';
import { ImportError } from '@/lib/issues/import';

/** Errors that explain themselves: print the message alone. Anything else is a bug: print it all. */
const EXPLAINED = [
  BackupError,
  ConfigError,
  ControlError,
  DatabaseUnavailableError,
  DataDirLockedError,
  DemoRangeError,
  DemoTargetError,
  ImportError,
  Refusal,
];

/** Runs a command-line entry point: its exit code, the database closed, and a clear message on failure. */
export function runScript(main: (args: string[]) => Promise<number | void>): void {
  main(process.argv.slice(2))
    .then(async (code) => {
      await closeDb();
      process.exitCode = code ?? 0;
    })
    .catch(async (error: unknown) => {
      const explained =
        EXPLAINED.some((kind) => error instanceof kind) || String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
      console.error(explained ? (error as Error).message : error);
      await closeDb().catch(() => {});
      process.exitCode = 1;
    });
}
