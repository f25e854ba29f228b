import { SYSTEM } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { deliverFollowDigest, dueFollowers } from '@/lib/follows/digest';
import { jobs } from './definitions';
import { enqueue } from './enqueue';
import type { JobHandler } from './job';

/**
 * The hourly round of follow digests (lib/follows/digest.ts): one job per reader with something new, so that one
 * reader's refused email is retried on its own and holds up nobody else's. A reader's job still waiting from the
 * last round is that job (keyed by reader).
 */
export const queueFollowDigests: JobHandler<object> = async (_payload, { db }) => {
  const readers = await dueFollowers(db);
  if (readers.length === 0) return;
  await db.transaction(async (tx) => {
    for (const userId of readers) await enqueue(tx, jobs.followDigestEmail, { userId });
  });
};

/** One reader's digest, decided, marked and sent in one transaction. */
export const sendFollowDigest: JobHandler<{ userId: string }> = async ({ userId }) => {
  await execute(deliverFollowDigest, SYSTEM, { userId });
};
