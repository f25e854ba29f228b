import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { getConnection, type Connection } from '@/db/client';
import { DataDirLockedError } from '@/db/lock';
import { migrate } from '@/db/migrate';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { config } from '@/lib/config';
import { ControlError, controlClientFor } from '@/lib/control/client';
import { startConfirmedSend } from '@/lib/sending/audience-check';
import { issueSending, type IssueSending, type ProgressLine } from '@/lib/sending/command-line';
import { sendProgress } from '@/lib/sending/queries';
import { startSender, type Sender } from '@/lib/sending/sender';
import { runScript } from './run';

/**
 * `npm run send -- 2010-09-15 [--yes] [--watch]`: sends an issue to its subscribers from the command line, as the
 * command line (logged so). It asks first (unless --yes), starts the send — the audience frozen then, by the send
 * page's own command and audience check — and shows a progress bar until the send is done or pauses. Where the
 * sending happens:
 *   - on PostgreSQL, in this process too, beside the servers and workers, which share the work;
 *   - on the embedded database (PGlite) with no server running, in this process alone;
 *   - on the embedded database while a server holds the folder, in that server: this process asks it to start the
 *     send and then asks it for the progress, through the control channel (DATA_DIR/control.json, lib/control/).
 * --watch only watches a send already started. Ctrl-C stops this process's part: the messages in flight finish;
 * the servers carry on with the rest.
 */

const USAGE = `Usage:
  npm run send -- DATE            send the issue of DATE (like 2010-09-15) to every active subscriber, after asking
  npm run send -- DATE --yes      without asking
  npm run send -- DATE --watch    watch the issue's send (started on its send page or by another npm run send)`;

/** Where the command reads and starts sends: the database itself, or the server that holds it. */
type Backend = {
  issue(date: string): Promise<IssueSending | null>;
  start(issue: IssueSending, audienceSeen: number): Promise<{ sendId: number; audience: number }>;
  progress(sendId: number): Promise<ProgressLine | null>;
  /** Starts sending in this process too, for while it watches; undefined when others do all the sending. */
  help?: () => Sender;
  /** Said when progress cannot be read, before giving up (the server went away). */
  lost?: string;
};

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { yes: { type: 'boolean', short: 'y' }, watch: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [date] = positionals;
  if (values.help || positionals.length !== 1 || !/^\d{4}-\d{2}-\d{2}$/.test(date ?? '')) {
    console.error(values.help ? USAGE : `Give one issue date, like 2010-09-15.\n\n${USAGE}`);
    return values.help ? 0 : 2;
  }

  let backend: Backend;
  try {
    const connection = await getConnection();
    await connection.exclusive(() => migrate(connection));
    backend = databaseBackend(connection, Boolean(values.watch));
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const server = serverBackend(error);
    if (!server) return 1;
    backend = server;
  }

  let issue: IssueSending | null;
  try {
    issue = await backend.issue(date!);
  } catch (error) {
    return askFailed(error, date!);
  }
  if (!issue) {
    console.error(`There is no issue of ${date}.`);
    return 1;
  }
  const existing = issue.send;

  let sendId: number;
  if (values.watch || existing?.state === 'sending' || existing?.state === 'paused') {
    if (!existing || existing.state === 'scheduled' || existing.state === 'late' || (existing.state === 'cancelled' && !values.watch)) {
      console.error(
        existing ? `The issue of ${date}'s send is ${existing.state}; nothing to watch yet.` : `The issue of ${date} has not been sent.`,
      );
      return 1;
    }
    sendId = existing.id;
    if (!values.watch)
      console.log(
        `The issue of ${date} is already ${existing.state === 'paused' ? 'paused' : 'being sent'}; ${backend.help ? 'helping to send it' : 'watching it'}.`,
      );
  } else {
    const count = issue.activeSubscribers;
    if (
      !values.yes &&
      !(await confirmed(`Send the issue of ${date} to ${count} active subscriber${count === 1 ? '' : 's'}? Type yes to send: `))
    ) {
      console.log('Not sent.');
      return 1;
    }
    let started: { sendId: number; audience: number };
    try {
      started = await backend.start(issue, count);
    } catch (error) {
      return askFailed(error, date!);
    }
    sendId = started.sendId;
    console.log(`Sending the issue of ${date} to ${started.audience} subscriber${started.audience === 1 ? '' : 's'}.`);
  }

  const sender = backend.help?.();
  const progress = await watch(backend, sendId, sender);
  await sender?.stop();
  report(progress);
  return progress?.state === 'done' || progress?.state === 'cancelled' ? 0 : 3;
}

/** This process opened the database: it reads, starts and (but for --watch on PostgreSQL) sends itself. */
function databaseBackend(connection: Connection, watching: boolean): Backend {
  const { db } = connection;
  const watchOnly = watching && connection.kind === 'postgres';
  return {
    issue: (date) => issueSending(db, date),
    start: (issue, audienceSeen) => execute(startConfirmedSend, COMMAND_LINE, { issueId: issue.issueId, audienceSeen }),
    progress: (sendId) => sendProgress(db, sendId),
    // On PGlite nobody else can send (this process holds the folder): watching alone would wait for ever.
    help: watchOnly ? undefined : () => startSender(db, { orphansAtStart: connection.kind === 'pglite' }),
  };
}

/**
 * A server holds the embedded database: it starts the send and sends it, and this process asks it how far it got.
 * Undefined (having said why) when the holder is not a server this process can reach.
 */
function serverBackend(locked: DataDirLockedError): Backend | undefined {
  const client = controlClientFor(locked.dataDir, locked.holder.pid);
  if (!client) {
    console.error(`${locked.message}\n\n${sendPageHint()}`);
    return undefined;
  }
  console.log(`The server (pid ${locked.holder.pid}) has the embedded database open: asking it at ${client.url}.`);
  return {
    issue: (date) => client.issue(date),
    start: (issue, audienceSeen) => client.startSend(issue.date, audienceSeen),
    progress: (sendId) => client.progress(sendId),
    lost: `The server at ${client.url} stopped answering: the send carries on when it runs again (npm run send -- DATE --watch to watch it).`,
  };
}

function sendPageHint(date = process.argv.slice(2).find((arg) => /^\d{4}-\d{2}-\d{2}$/.test(arg)) ?? 'DATE'): string {
  return (
    `Start the send on the issue's send page instead, and watch it there: ${config().SITE_URL}/admin/issues/${date}/send\n` +
    '(With PostgreSQL — DATABASE_URL — npm run send works beside running servers.)'
  );
}

/** The server refused (its message says what to do), or could not be asked: then point to the send page too. */
function askFailed(error: unknown, date: string): number {
  if (!(error instanceof ControlError)) throw error;
  console.error(error.refused ? error.message : `${error.message}\n\n${sendPageHint(date)}`);
  return 1;
}

async function confirmed(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.error('Not asked (no terminal): add --yes to send without asking.');
    return false;
  }
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

/** A server that does not answer for this long (restarting, or stopped) is given up on. */
const PATIENCE_MS = 15_000;

/** Shows the send's progress until it is done, paused or cancelled — or until Ctrl-C. */
async function watch(backend: Backend, sendId: number, sender: Sender | undefined): Promise<ProgressLine | null> {
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    console.log(sender ? '\nStopping: the messages in flight finish first.' : '\nStopped watching: the server carries on.');
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const tty = process.stdout.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: ' {bar} {percentage}% | {value}/{total} | {perSecond}/s | {left} left | {state}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let progress = await backend.progress(sendId);
  bar?.start(progress?.audience ?? 0, 0);
  let lastLine = 0;
  let answeredAt = Date.now();
  try {
    while (progress && !interrupted) {
      const finished = progress.sent + progress.failed + progress.uncertain + progress.skipped;
      const payload = { perSecond: progress.perSecond, left: duration(progress.secondsLeft), state: progress.state };
      if (bar) bar.update(finished, payload);
      else if (Date.now() - lastLine > 5000) {
        lastLine = Date.now();
        console.log(`${finished}/${progress.audience} · ${payload.perSecond}/s · ${payload.left} left · ${payload.state}`);
      }
      if (progress.state !== 'sending') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
      sender?.wake();
      try {
        progress = await backend.progress(sendId);
        answeredAt = Date.now();
      } catch (error) {
        // A server restarting answers again within moments (and carries on with the send by itself).
        if (!(error instanceof ControlError)) throw error;
        if (Date.now() - answeredAt < PATIENCE_MS) continue;
        bar?.stop();
        console.error(`${error.message}\n${backend.lost ?? ''}`);
        break;
      }
    }
  } finally {
    bar?.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  return progress;
}

function duration(seconds: number | null): string {
  if (seconds === null) return 'nothing';
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function report(progress: ProgressLine | null): void {
  if (!progress) return;
  const { sent, failed, uncertain, skipped, audience, state } = progress;
  console.log(`${sent} sent, ${failed} failed, ${uncertain} uncertain, ${skipped} skipped of ${audience}: ${state}.`);
  if (state === 'paused') console.log(`Paused: ${progress.pauseReason ?? 'no reason given'}. Resume it on the send page.`);
  else if (state === 'sending') console.log('Still sending: the servers and workers carry on with the rest.');
  if (failed || uncertain) console.log('The failed and uncertain messages are listed on the send page, where they can be sent again.');
}

runScript(main);
