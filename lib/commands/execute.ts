import { getDb, type Tx } from '@/db/client';
import { can, type Permission } from '@/lib/auth/permissions';
import { announceChanged } from '@/lib/cache/bus';
import { writeLog, type LogEntry } from '@/lib/moderation/log';
import type { Actor } from './actor';
import { refuse } from './refusal';

/**
 * The one path for writes. A command is a plain function of a transaction, an actor and its input — no FormData,
 * no redirect, nothing from Next — so a server action, a job, a script and a test all call the same code through
 * `execute`, which owns what every write needs: the permission check, the transaction, the log entries written in
 * it, the announcement of changed cache tags (pg_notify, delivered only on commit) and, after the commit, whatever
 * the caller's setting needs (a server action expires the tags for its own request: lib/actions/perform.ts).
 */

export type Write = {
  readonly tx: Tx;
  readonly actor: Actor;
  /** Adds an entry to the log in this transaction, made by this write's actor unless another is named (the rules). */
  log(entry: Omit<LogEntry, 'actor'> & { actor?: LogEntry['actor'] }): Promise<void>;
  /** Names cache tags this write changed: announced to every process on commit. */
  expire(tags: readonly string[]): void;
};

export type Command<Input, Output> = {
  /** What the actor must be allowed; null when the command decides for itself (a reader acting on their own). */
  readonly permission: Permission | null;
  readonly run: (write: Write, input: Input) => Promise<Output>;
};

// Every command made, so that the authorisation matrix test can tell one among a module's exports.
const commands = new WeakSet<object>();

export function command<Input, Output>(permission: Permission | null, run: (write: Write, input: Input) => Promise<Output>) {
  const made = { permission, run } satisfies Command<Input, Output>;
  commands.add(made);
  return made;
}

/** Whether `value` was made by `command` (and not merely shaped like one). */
export function isCommand(value: unknown): value is Command<unknown, unknown> {
  return typeof value === 'object' && value !== null && commands.has(value);
}

/** What the caller does once the write has committed, with the tags it changed (if any). */
export type AfterCommit = (tags: readonly string[]) => Promise<void>;

export async function execute<Input, Output>(
  { permission, run }: Command<Input, Output>,
  actor: Actor,
  input: Input,
  options: { afterCommit?: AfterCommit } = {},
): Promise<Output> {
  if (permission && !can(actor, permission)) refuse('not-allowed', 'You are not allowed to do that.');
  const changed = new Set<string>();
  const db = await getDb();
  const output = await db.transaction(async (tx) => {
    const write: Write = {
      tx,
      actor,
      log: (entry) => writeLog(tx, { ...entry, actor: entry.actor ?? actor }),
      expire: (tags) => tags.forEach((tag) => changed.add(tag)),
    };
    const result = await run(write, input);
    await announceChanged(tx, [...changed]);
    return result;
  });
  if (changed.size > 0) await options.afterCommit?.([...changed]);
  return output;
}
