import { getConnection } from '@/db/client';
import { migrate } from '@/db/migrate';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { recordBounceFiles } from '@/lib/subscriptions/bounce-reports';
import { runScript } from './run';

/**
 * `npm run bounces -- FILE…`: reads bounce and complaint reports from .eml or mbox files (the mailbox the
 * briefing's Return-Path and feedback loop deliver to, exported) and records them: one hard bounce or complaint
 * stops mail to the address, repeated soft bounces do too (lib/subscriptions/bounce-policy.ts). Safe to run again
 * on the same files. On the embedded database, stop the server first (the lock's message says so).
 */

const USAGE = `Usage: npm run bounces -- FILE…
Reads delivery-status reports (bounces) and complaint reports (ARF) from .eml or mbox files and records them.`;

async function main(args: string[]): Promise<number> {
  if (args.length === 0 || args.includes('--help')) {
    console.log(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const connection = await getConnection();
  await connection.exclusive(() => migrate(connection));
  const summary = await recordBounceFiles(COMMAND_LINE, args);
  for (const { file, message } of summary.errors) console.error(`${file}: ${message}`);
  for (const recipient of summary.unknownRecipients) console.log(`unknown recipient: ${recipient}`);
  console.log(
    [
      `Hard bounces: ${summary.hard}`,
      `soft bounces: ${summary.soft}`,
      `complaints: ${summary.complaints}`,
      `already recorded: ${summary.alreadyRecorded}`,
      `unknown recipients: ${summary.unknownRecipients.length}`,
      `unsubscribe requests: ${summary.unsubscribed}`,
      `not reports: ${summary.notReports}`,
      `errors: ${summary.errors.length}.`,
    ].join(', '),
  );
  return summary.errors.length ? 1 : 0;
}

runScript(main);
