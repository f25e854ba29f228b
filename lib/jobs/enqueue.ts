import { createHash, randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Tx } from '@/db/client';
import { bossOver } from './boss';
import type { JobDefinition } from './job';
import { transactionDb } from './transaction-db';

/** pg-boss inserted no job, and not because one with the same key is already waiting: the job would be lost. */
export class JobNotQueuedError extends Error {
  name = 'JobNotQueuedError';
}

export type EnqueueOptions = {
  /** Not before: a time, or a number of seconds from now. */
  startAfter?: Date | number;
};

/** pg-boss for inserting jobs only: every statement it sends goes through the `db` given with each call. */
let inserter: PgBoss | undefined;
function jobInserter(): PgBoss {
  inserter ??= bossOver({
    executeSql: () => Promise.reject(new Error('Jobs are inserted in the caller’s transaction only (lib/jobs/enqueue.ts).')),
  });
  return inserter;
}

const FINISHED = new Set<string>(['completed', 'cancelled', 'failed']);

/**
 * Queues a job inside the caller's transaction: it exists if and only if the write commits. The payload is checked
 * against the job's schema first. Returns the job's id.
 *
 * pg-boss's send() answers null, silently, both for a queue that does not exist and for an id that is taken; here
 * the first is an error (JobNotQueuedError, which rolls the write back) and the second is what a keyed job means —
 * one at a time per key: a job with the same key that waits or runs is that job; one that finished is replaced.
 */
export async function enqueue<Payload>(
  tx: Tx,
  job: JobDefinition<Payload>,
  payload: Payload,
  options: EnqueueOptions = {},
): Promise<string> {
  const data = job.payload.parse(payload) as object;
  const id = job.key ? idForKey(job.name, job.key(data as Payload)) : randomUUID();
  const db = transactionDb(tx);
  const boss = jobInserter();
  const send = () => boss.send(job.name, data, { ...options, id, db });

  if ((await send()) === id) return id;
  const existing = await boss.getJobById(job.name, id, { db, includeArchive: false });
  if (!existing)
    throw new JobNotQueuedError(`No job was queued: there is no queue “${job.name}”. Queues are made by migrate() (lib/jobs/storage.ts).`);
  if (!FINISHED.has(existing.state)) return id;
  await boss.deleteJob(job.name, id, { db });
  if ((await send()) !== id) throw new JobNotQueuedError(`The job ${job.name} ${id} could not be queued again.`);
  return id;
}

/** A job id (a UUID) that is the same for the same queue and key, and different otherwise. */
export function idForKey(queue: string, key: string): string {
  const hex = createHash('sha256').update(`${queue}\u0000${key}`).digest('hex').slice(0, 32).split('');
  hex[12] = '8'; // version 8: a UUID of the application's own making
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16); // the RFC 9562 variant
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}
