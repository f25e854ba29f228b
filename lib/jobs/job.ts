import type { z } from 'zod';
import type { Db } from '@/db/client';

/** What a handler is given besides its payload: the process's database, and which job it runs. */
export type JobContext = { db: Db; jobId: string };

export type JobHandler<Payload> = (payload: Payload, context: JobContext) => Promise<void>;

/**
 * A kind of job, as lib/jobs/definitions.ts lists them: its queue's name, the payload's schema (checked when the
 * job is enqueued and again when it is handled), its handler, and how it is retried.
 */
export type JobDefinition<Payload> = {
  name: string;
  payload: z.ZodType<Payload>;
  /**
   * Loads the handler. Lazily, so that whatever reads the registry (migrations, enqueueing in a request) does not
   * load every handler's dependencies; workers load them all when they start, so a broken one stops the start.
   */
  handler: () => Promise<JobHandler<Payload>>;
  /**
   * pg-boss's options for the queue (kept up to date at every migration). `expireInSeconds` is how long one attempt
   * may run: past it, the attempt counts as failed — also when its process died — and is retried.
   */
  queue: { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number };
  /**
   * Jobs with a key are one at a time per key: while a job with the same key waits or runs, enqueueing another adds
   * nothing; once it has finished, a new one is queued. (The job's id is derived from the key.)
   */
  key?: (payload: Payload) => string;
  /** Enqueued by pg-boss itself on this cron schedule (UTC), with this payload. */
  schedule?: { cron: string; payload: Payload };
};

export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

// The registry holds jobs of different payloads; a handler only ever receives the payload its schema parsed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob = JobDefinition<any>;
