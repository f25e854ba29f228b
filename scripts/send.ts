import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { eq, sql } from 'drizzle-orm';
import { getConnection, type Connection } from '@/db/client';
import { DataDirLockedError } from '@/db/lock';
import { migrate } from '@/db/migrate';
import { issues, sends, subscribers } from '@/db/schema';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { config } from '@/lib/config';
import { startSend } from '@/lib/sending/commands';
import { sendProgress, type SendProgress } from '@/lib/sending/queries';
import { startSender, type Sender } from '@/lib/sending/sender';
import { runScript } from './run';

/**
 * `npm run send -- 2010-09-15 [--yes] [--watch]`: sends an issue to its subscribers from the command line, as the
 * command line (logged so). It asks first (unless --yes), starts the send — the audience frozen then — and sends
 * in this process too, with a progress bar, until the send is done or pauses: on PostgreSQL beside the servers and
 * workers, which share the work; on the embedded database (PGlite) only while no server is running, since the
 * server holds the folder (start it from the send page instead). --watch only watches a send already started.
 * Ctrl-C stops this process's part: the messages in flight finish; the servers carry on with the rest.
 */

const USAGE = `Usage:
  npm run send -- DATE            send the issue of DATE (like 2010-09-15) to every active subscriber, after asking
  npm run send -- DATE --yes      without asking
  npm run send -- DATE --watch    watch the issue's send (started on its send page or by another npm run send)`;

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

  let connection: Connection;
  try {
    connection = await getConnection();
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    console.error(
      `The server has the embedded database (${config().dataDir}) open, so this command cannot reach it.\n` +
        `Start the send on the issue's send page instead, and watch it there: ${config().SITE_URL}/admin/issues/${date}/send\n` +
        '(With PostgreSQL — DATABASE_URL — npm run send works beside running servers.)',
    );
    return 1;
  }
  await connection.exclusive(() => migrate(connection));
  const { db } = connection;

  const [issue] = await db.select({ id: issues.id, status: issues.status }).from(issues).where(eq(issues.date, date!));
  if (!issue) {
    console.error(`There is no issue of ${date}.`);
    return 1;
  }
  const [existing] = await db.select({ id: sends.id, state: sends.state }).from(sends).where(eq(sends.issueId, issue.id));

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
      console.log(`The issue of ${date} is already ${existing.state === 'paused' ? 'paused' : 'being sent'}; helping to send it.`);
  } else {
    const [{ count } = { count: 0 }] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(subscribers)
      .where(eq(subscribers.status, 'active'));
    if (
      !values.yes &&
      !(await confirmed(`Send the issue of ${date} to ${count} active subscriber${count === 1 ? '' : 's'}? Type yes to send: `))
    ) {
      console.log('Not sent.');
      return 1;
    }
    const started = await execute(startSend, COMMAND_LINE, { issueId: issue.id, audienceSeen: Number(count) });
    sendId = started.sendId;
    console.log(`Sending the issue of ${date} to ${started.audience} subscriber${started.audience === 1 ? '' : 's'}.`);
  }

  // On PGlite nobody else can send (this process holds the folder): watching alone would wait for ever.
  const sender =
    values.watch && connection.kind === 'postgres' ? undefined : startSender(db, { orphansAtStart: connection.kind === 'pglite' });
  const progress = await watch(connection, sendId, sender);
  await sender?.stop();
  report(progress);
  return progress?.state === 'done' || progress?.state === 'cancelled' ? 0 : 3;
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

/** Shows the send's progress until it is done, paused or cancelled — or until Ctrl-C. */
async function watch(connection: Connection, sendId: number, sender: Sender | undefined): Promise<SendProgress | null> {
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    console.log('\nStopping: the messages in flight finish first.');
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
  let progress = await sendProgress(connection.db, sendId);
  bar?.start(progress?.audience ?? 0, 0);
  let lastLine = 0;
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
      progress = await sendProgress(connection.db, sendId);
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

function report(progress: SendProgress | null): void {
  if (!progress) return;
  const { sent, failed, uncertain, skipped, audience, state } = progress;
  console.log(`${sent} sent, ${failed} failed, ${uncertain} uncertain, ${skipped} skipped of ${audience}: ${state}.`);
  if (state === 'paused') console.log(`Paused: ${progress.pauseReason ?? 'no reason given'}. Resume it on the send page.`);
  else if (state === 'sending') console.log('Still sending: the servers and workers carry on with the rest.');
  if (failed || uncertain) console.log('The failed and uncertain messages are listed on the send page, where they can be sent again.');
}

runScript(main);
