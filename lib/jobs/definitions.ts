import { z } from 'zod';
import { defineJob, type AnyJob } from './job';

/**
 * Every job the app runs, in one place. A job is enqueued in the transaction of the write that needs it
 * (lib/jobs/enqueue.ts) and run by the workers of the server or of `npm run worker` (lib/jobs/workers.ts).
 */
export const jobs = {
  /** Emails the author of the response a published reply answers (lib/responses/reply-notification.ts says when). */
  replyNotification: defineJob({
    name: 'reply-notification',
    payload: z.object({ responseId: z.number().int().positive() }),
    key: ({ responseId }) => `response-${responseId}`,
    handler: async () => (await import('./reply-notification')).sendReplyNotification,
    // A mail server that refuses for a while is tried again after about 10 s, 20 s, 40 s … — eight retries, some
    // forty minutes to an hour in all. One attempt is a few seconds; one still running after a minute is stuck.
    queue: { retryLimit: 8, retryDelay: 10, retryBackoff: true, expireInSeconds: 60 },
  }),
  /**
   * Starts a scheduled send at its time (lib/sending/scheduled.ts): one job per schedule, enqueued with startAfter by
   * scheduleSend; the send itself decides whether it is still due, early (moved later) or late.
   */
  scheduledSend: defineJob({
    name: 'scheduled-send',
    payload: z.object({ sendId: z.number().int().positive() }),
    handler: async () => (await import('@/lib/sending/scheduled')).startSendAtItsTime,
    queue: { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  }),
  /** Removes rows whose time is up: drafts, sign-in tokens, sessions, rate-limit windows, old sign-in networks. */
  cleanup: defineJob({
    name: 'cleanup',
    payload: z.object({}),
    handler: async () => (await import('./cleanup')).removeExpiredRows,
    // Hourly; a failed run is tried again a little later, and the next hour's run catches up anyway.
    queue: { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 300 },
    schedule: { cron: '23 * * * *', payload: {} },
  }),
};

export const allJobs: readonly AnyJob[] = Object.values(jobs);
