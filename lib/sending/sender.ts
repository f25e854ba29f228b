import os from 'node:os';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '@/db/client';
import { config } from '@/lib/config';
import { RULES, writeLog } from '@/lib/moderation/log';
import { defaultMail, type BulkMailer, type SendingMail } from './mail-parts';
import {
  afterFailure,
  autoPauseReason,
  grantedSlots,
  isDone,
  LEASE_SECONDS,
  MAX_ATTEMPTS,
  PAUSE_AFTER_FAILURES,
  rateWindow,
  sendTimeoutMs,
  shouldPause,
} from './rules';
import { log } from '@/lib/ops/log.mjs';

/**
 * The sending loop: one per process that runs workers (every server, `npm run worker`, `npm run send` on
 * PostgreSQL). Each turn it finds a send in state 'sending' with messages due, takes slots from the per-second
 * counter every instance shares (rate_limits), claims that many queued deliveries with FOR UPDATE SKIP LOCKED —
 * status 'sending', a lease, its own name, attempts + 1 — and hands each to the pooled mailer, at most
 * `concurrency` at a time. Acceptances ("sent") are gathered and written together, one statement for many every
 * fraction of a second (one autocommit per message held the embedded database, and so the whole send, near 50 a
 * second); a failure is written at once, after the acceptances before it: queued again after a while (temporary)
 * or failed (permanent, or out of attempts; a 5xx is a hard bounce). A subscriber who is no longer active when
 * their turn comes is skipped. A row whose lease ran out with no answer written — its process
 * died — is marked uncertain by whichever instance sweeps first, and is never sent again unless staff ask.
 */

export type SenderOptions = {
  mail?: Partial<SendingMail>;
  /** How long a claimed message may go unanswered before it is uncertain. */
  leaseSeconds?: number;
  /** Messages in flight at once, waiting in the mailer's pool included: twice the SMTP pool by default, so that
   * no connection waits while the next batch is claimed. */
  concurrency?: number;
  /** How often an idle loop looks for work. */
  pollMs?: number;
  /** Shortens the retry delays (tests). */
  retryScale?: number;
  maxAttempts?: number;
  pauseAfter?: number;
  /** How long an acceptance may wait to be written with others (a crash meanwhile leaves the row uncertain). */
  batchMs?: number;
  /** Names this loop in leased_by (host and process by default). */
  name?: string;
  /** On PGlite this process is the only one: rows left 'sending' by one that died are uncertain at once. */
  orphansAtStart?: boolean;
};

export type Sender = {
  /** Stops claiming, waits for the messages in flight and marks them, then closes the mailer. */
  stop: () => Promise<void>;
  /** Looks for work now rather than at the next poll. */
  wake: () => void;
  readonly name: string;
};

type ActiveSend = { id: number; issueId: number; ratePerSecond: number };
type Claimed = { id: number; subscriberId: number; email: string; status: 'sending' | 'skipped'; attempts: number };
type Acceptance = { id: number; attempts: number; messageId: string; answer: string };

/** Acceptances written in one statement at most (four parameters each). */
const MAX_BATCH = 250;

/** The key of the per-second counter every sender shares: one rate for all the app's sending. */
export const RATE_KEY = 'sending';

export function startSender(db: Db, options: SenderOptions = {}): Sender {
  const mail: SendingMail = { ...defaultMail, ...options.mail };
  const leaseSeconds = options.leaseSeconds ?? LEASE_SECONDS;
  const concurrency = options.concurrency ?? 2 * config().SMTP_POOL;
  const pollMs = options.pollMs ?? 1000;
  const name = options.name ?? `${os.hostname()}:${process.pid}`;
  const timeoutMs = sendTimeoutMs(leaseSeconds);
  const failureRules = {
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    scale: options.retryScale ?? 1,
    pauseAfter: options.pauseAfter ?? PAUSE_AFTER_FAILURES,
  };

  const batchMs = options.batchMs ?? 200;
  const inFlight = new Set<Promise<void>>();
  // Acceptances waiting to be written, and the write under way (one at a time, in order).
  let accepted: Acceptance[] = [];
  let batchTimer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  function writeAccepted(): Promise<void> {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    const batch = accepted;
    accepted = [];
    if (batch.length > 0)
      writing = writing.then(() =>
        markSent(db, batch).catch((error: unknown) => {
          // Not written: the rows stay 'sending' and their leases make them uncertain, never sent twice.
          log().error({ err: error }, `Briefings sender: ${batch.length} acceptances could not be written`);
        }),
      );
    return writing;
  }

  function accept(acceptance: Acceptance): void {
    accepted.push(acceptance);
    if (accepted.length >= MAX_BATCH) void writeAccepted();
    else batchTimer ??= setTimeout(() => void writeAccepted(), batchMs);
  }

  const prepared = new Map<number, Promise<unknown>>();
  let mailer: BulkMailer | undefined;
  let stopping = false;
  let wakeUp: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  const oneFinishes = (ms: number) => Promise.race([pause(ms), ...inFlight]);

  function preparedFor(send: ActiveSend): Promise<unknown> {
    let briefing = prepared.get(send.id);
    if (!briefing) {
      briefing = mail.prepare(db, send.issueId);
      prepared.set(send.id, briefing);
      briefing.catch(() => prepared.delete(send.id));
    }
    return briefing;
  }

  async function deliver(send: ActiveSend, row: Claimed, briefing: unknown): Promise<void> {
    try {
      let outcome:
        | { kind: 'sent'; messageId: string; answer: string }
        | { kind: 'failed'; temporary: boolean; code: number | null; answer: string }
        | { kind: 'timeout' };
      try {
        const message = await mail.message(briefing, { subscriberId: row.subscriberId, email: row.email });
        mailer ??= mail.openMailer();
        const result = await withTimeout(mailer.send(message), timeoutMs);
        outcome =
          result === TIMED_OUT
            ? { kind: 'timeout' }
            : { kind: 'sent', messageId: result.messageId || message.messageId, answer: result.response };
      } catch (error) {
        outcome = { kind: 'failed', ...mail.failure(error) };
      }
      if (outcome.kind === 'sent') {
        accept({ id: row.id, attempts: row.attempts, messageId: outcome.messageId, answer: outcome.answer });
        return;
      }
      // The acceptances before this failure first: they reset the send's count of failures in a row.
      await writeAccepted();
      if (outcome.kind === 'timeout')
        await markUncertain(
          db,
          send.id,
          row,
          `No answer from the mail server within ${Math.round(timeoutMs / 1000)} s: it may or may not have been delivered.`,
          failureRules.pauseAfter,
        );
      else await markFailed(db, send.id, row, outcome, mail, failureRules);
    } catch (error) {
      // The answer could not be written: the row stays 'sending' and its lease makes it uncertain.
      log().error({ err: error }, `Briefings sender: the answer for delivery ${row.id} of send ${send.id} could not be written`);
    }
  }

  let current: ActiveSend | null = null;
  let lastSweep = 0;

  async function turn(): Promise<void> {
    // Any instance marks the rows of a process that died; every few seconds is soon enough (leases are longer).
    if (Date.now() - lastSweep > Math.min(2000, leaseSeconds * 250)) {
      lastSweep = Date.now();
      await sweepExpiredLeases(db);
    }
    current ??= await nextSend(db);
    const send = current;
    if (!send) {
      await finishSends(db);
      if (inFlight.size === 0 && mailer) {
        const closing = mailer;
        mailer = undefined;
        await closing.close();
      }
      await oneFinishes(pollMs);
      return;
    }
    // Claimed in batches of at least half the room (three statements per batch rather than per message).
    const free = concurrency - inFlight.size;
    if (free <= 0 || (inFlight.size > 0 && free < Math.ceil(concurrency / 2))) {
      await oneFinishes(pollMs);
      return;
    }
    let briefing: unknown;
    try {
      briefing = await preparedFor(send);
    } catch (error) {
      // Nothing can be sent without the briefing: say why on the send page rather than trying every second.
      const reason = `The briefing could not be prepared: ${error instanceof Error ? error.message : String(error)}`;
      await db.transaction((tx) => pauseByRules(tx, send.id, reason.slice(0, 500)));
      current = null;
      return;
    }
    const granted = await takeSlots(db, Math.min(free, send.ratePerSecond), send.ratePerSecond);
    if (granted === 0) {
      await pause(rateWindow(Date.now()).msLeft + 5);
      return;
    }
    const rows = await claim(db, send.id, granted, leaseSeconds, name);
    for (const row of rows) {
      if (row.status !== 'sending') continue;
      const delivery = deliver(send, row, briefing);
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
    }
    // Nothing due (or the send paused, cancelled, finished): look again for which send has work.
    if (rows.length === 0) {
      current = null;
      await oneFinishes(Math.min(pollMs, 200));
    }
  }

  async function loop(): Promise<void> {
    if (options.orphansAtStart)
      await sweepExpiredLeases(db, { all: true }).catch((error: unknown) =>
        log().error({ err: error }, 'Briefings sender: sweeping leases'),
      );
    while (!stopping) {
      try {
        await turn();
      } catch (error) {
        log().error({ err: error }, 'Briefings sender: a turn failed');
        if (!stopping) await pause(pollMs);
      }
    }
    await Promise.allSettled([...inFlight]);
    await writeAccepted();
    await finishSends(db).catch((error: unknown) => log().error({ err: error }, 'Briefings sender: finishing sends'));
    await mailer?.close();
    mailer = undefined;
  }

  const running = loop();

  return {
    name,
    wake: () => wakeUp?.(),
    stop: async () => {
      stopping = true;
      wakeUp?.();
      await running;
    },
  };
}

const TIMED_OUT = Symbol('timed out');

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The oldest send in state 'sending' with a message due now. */
export async function nextSend(db: Executor): Promise<ActiveSend | null> {
  const [send] = await queryRows<ActiveSend>(
    db,
    sql`select s.id, s.issue_id as "issueId", s.rate_per_second as "ratePerSecond" from sends s
      where s.state = 'sending'
        and exists (select 1 from deliveries d where d.send_id = s.id and d.status = 'queued' and d.next_attempt_at <= now())
      order by s.id limit 1`,
  );
  return send ?? null;
}

/**
 * Up to `wanted` messages this second, of `limit` shared by every sender: the counter is raised by `wanted` in one
 * atomic upsert (the row's lock orders concurrent callers) and what was left below the limit is granted.
 */
export async function takeSlots(db: Executor, wanted: number, limit: number, now = Date.now()): Promise<number> {
  if (wanted <= 0) return 0;
  const { start } = rateWindow(now);
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`insert into rate_limits (key, window_start, count) values (${RATE_KEY}, ${new Date(start).toISOString()}, ${wanted})
      on conflict (key, window_start) do update set count = rate_limits.count + excluded.count
      returning count`,
  );
  return grantedSlots(Number(row!.count), wanted, limit);
}

/**
 * Claims up to `limit` due queued deliveries of a send that is still sending. A subscriber no longer active is
 * skipped in the same statement (answer: their status, e.g. unsubscribed) rather than sent.
 */
export async function claim(db: Executor, sendId: number, limit: number, leaseSeconds: number, name: string): Promise<Claimed[]> {
  const rows = await queryRows<Claimed>(
    db,
    sql`with due as (
        select d.id from deliveries d
        where d.send_id = ${sendId} and d.status = 'queued' and d.next_attempt_at <= now()
          and exists (select 1 from sends s where s.id = d.send_id and s.state = 'sending')
        order by d.next_attempt_at, d.id
        limit ${limit}
        for update of d skip locked
      )
      update deliveries d set
        status = case when s.status = 'active' then 'sending' else 'skipped' end,
        attempts = d.attempts + case when s.status = 'active' then 1 else 0 end,
        lease_until = case when s.status = 'active' then now() + make_interval(secs => ${leaseSeconds}) else null end,
        leased_by = case when s.status = 'active' then ${name} else d.leased_by end,
        answer = case when s.status = 'active' then d.answer else s.status end,
        finished_at = case when s.status = 'active' then null else now() end,
        updated_at = now()
      from due, subscribers s
      where d.id = due.id and s.id = d.subscriber_id
      returning d.id, d.subscriber_id as "subscriberId", d.email, d.status, d.attempts`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), subscriberId: Number(row.subscriberId), attempts: Number(row.attempts) }));
}

/**
 * Writes acceptances in one statement: each row sent (also from uncertain: the sweep may have given up on it a
 * moment before the answer came), and their sends' counts of failures in a row reset (only written when not 0).
 */
async function markSent(db: Db, batch: Acceptance[]): Promise<void> {
  const values = sql.join(
    batch.map((row) => sql`(${row.id}::int, ${row.attempts}::int, ${row.messageId}, ${row.answer.slice(0, 1000)})`),
    sql`, `,
  );
  await db.execute(
    sql`with answers (id, attempts, message_id, answer) as (values ${values}),
      marked as (
        update deliveries d set status = 'sent', message_id = a.message_id, answer = a.answer, finished_at = now(),
          lease_until = null, updated_at = now()
        from answers a
        where d.id = a.id and d.attempts = a.attempts and d.status in ('sending', 'uncertain')
        returning d.send_id
      )
      update sends set failures_in_a_row = 0
      where id in (select send_id from marked) and failures_in_a_row <> 0`,
  );
}

/** No answer in time: uncertain, and a failure in a row (a mail server that hangs on everything pauses the send). */
async function markUncertain(db: Db, sendId: number, row: Claimed, answer: string, pauseAfter: number): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await queryRows<{ id: number }>(
      tx,
      sql`update deliveries set status = 'uncertain', answer = ${answer}, finished_at = now(), updated_at = now()
        where id = ${row.id} and attempts = ${row.attempts} and status = 'sending' returning id`,
    );
    if (updated.length > 0) await countFailure(tx, sendId, answer, pauseAfter);
  });
}

/** One more failure in a row for the send; too many pause it, saying the last answer (logged by the rules). */
async function countFailure(tx: Executor, sendId: number, answer: string, pauseAfter: number): Promise<void> {
  const [send] = await queryRows<{ failures: number; state: string }>(
    tx,
    sql`update sends set failures_in_a_row = failures_in_a_row + 1 where id = ${sendId} returning failures_in_a_row as failures, state`,
  );
  if (send && send.state === 'sending' && shouldPause(Number(send.failures), pauseAfter))
    await pauseByRules(tx, sendId, autoPauseReason(Number(send.failures), answer));
}

async function pauseByRules(tx: Executor, sendId: number, reason: string): Promise<void> {
  const paused = await queryRows<{ id: number }>(
    tx,
    sql`update sends set state = 'paused', pause_reason = ${reason}, updated_at = now() where id = ${sendId} and state = 'sending' returning id`,
  );
  if (paused.length === 0) return;
  await writeLog(tx, {
    actor: RULES,
    action: 'send-pause',
    target: { type: 'send', id: sendId },
    reason,
    before: { state: 'sending' },
    after: { state: 'paused' },
  });
}

async function markFailed(
  db: Db,
  sendId: number,
  row: Claimed,
  failure: { temporary: boolean; code: number | null; answer: string },
  mail: SendingMail,
  rules: { maxAttempts: number; scale: number; pauseAfter: number },
): Promise<void> {
  const next = afterFailure(failure, row.attempts, rules.maxAttempts, rules.scale);
  const answer = failure.answer.slice(0, 1000);
  await db.transaction(async (tx) => {
    const updated =
      next.status === 'queued'
        ? await queryRows<{ id: number }>(
            tx,
            sql`update deliveries set status = 'queued', answer = ${answer}, next_attempt_at = now() + make_interval(secs => ${next.delaySeconds}),
                lease_until = null, updated_at = now()
              where id = ${row.id} and attempts = ${row.attempts} and status = 'sending' returning id`,
          )
        : await queryRows<{ id: number }>(
            tx,
            sql`update deliveries set status = 'failed', answer = ${answer}, finished_at = now(), lease_until = null, updated_at = now()
              where id = ${row.id} and attempts = ${row.attempts} and status in ('sending', 'uncertain') returning id`,
          );
    if (updated.length === 0) return;
    if (!failure.temporary && failure.code !== null && failure.code >= 500 && failure.code < 600)
      await mail.recordBounce(tx, { subscriberId: row.subscriberId, sendId, kind: 'hard', source: 'smtp', detail: answer });
    await countFailure(tx, sendId, answer, rules.pauseAfter);
  });
}

/**
 * Rows still 'sending' whose lease has run out (or, with `all`, every one: on PGlite at start) are uncertain: their
 * process stopped between claiming and writing the answer, so the message may or may not have gone.
 */
export async function sweepExpiredLeases(db: Executor, { all = false } = {}): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update deliveries set status = 'uncertain', finished_at = now(), updated_at = now(),
        answer = 'No answer was recorded before its lease ran out (' || coalesce(leased_by, 'unknown sender') || '): it may or may not have been delivered.'
      where status = 'sending' and (${all} or lease_until < now()) returning id`,
  );
  return rows.length;
}

/** Sends in state 'sending' with nothing queued or in flight are done (their uncertain, failed, skipped rows are finished). */
export async function finishSends(db: Db): Promise<number[]> {
  const candidates = await queryRows<{ id: number }>(
    db,
    sql`select s.id from sends s where s.state = 'sending'
      and not exists (select 1 from deliveries d where d.send_id = s.id and d.status in ('queued', 'sending'))`,
  );
  const finished: number[] = [];
  for (const { id } of candidates) {
    // Under the send's lock, counted afresh: a retry that queued rows and committed meanwhile is seen.
    const done = await db.transaction(async (tx) => {
      const [send] = await queryRows<{ state: string }>(tx, sql`select state from sends where id = ${id} for update`);
      if (send?.state !== 'sending') return false;
      const [counts] = await queryRows<{ queued: number; sending: number }>(
        tx,
        sql`select count(*) filter (where status = 'queued')::int as queued, count(*) filter (where status = 'sending')::int as sending
          from deliveries where send_id = ${id}`,
      );
      if (!isDone({ queued: Number(counts!.queued), sending: Number(counts!.sending) })) return false;
      await tx.execute(sql`update sends set state = 'done', finished_at = now(), updated_at = now() where id = ${id}`);
      return true;
    });
    if (done) finished.push(Number(id));
  }
  return finished;
}
