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
   * Emails someone who asked for the briefing by email (lib/subscriptions/subscribe.ts queues it): the link to
   * confirm, or a note that the address already receives it. One at a time per subscriber; the handler reads the
   * subscriber afresh and sends the link of their latest request, or nothing if there is nothing to confirm now.
   */
  subscriptionConfirmation: defineJob({
    name: 'subscription-confirmation',
    payload: z.object({ subscriberId: z.number().int().positive(), kind: z.enum(['confirm', 'already-subscribed']) }),
    key: ({ subscriberId }) => `subscriber-${subscriberId}`,
    handler: async () => (await import('@/lib/subscriptions/confirmation-job')).sendSubscriptionConfirmation,
    // As the reply email: a refusing mail server is tried again after 10 s, 20 s, 40 s … for about an hour.
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
  /**
   * Publishes a scheduled issue at its time (lib/editorial/scheduled-publish.ts): one job per schedule, enqueued with
   * startAfter by scheduleIssue and carrying that time; it publishes only an issue still scheduled for it.
   */
  scheduledPublish: defineJob({
    name: 'scheduled-publish',
    payload: z.object({ issueId: z.number().int().positive(), at: z.iso.datetime() }),
    handler: async () => (await import('@/lib/editorial/scheduled-publish')).publishAtItsTime,
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
  /** Hourly: queues a follow digest for each reader with new responses on an article they follow (lib/follows/digest.ts). */
  followDigest: defineJob({
    name: 'follow-digest',
    payload: z.object({}),
    handler: async () => (await import('./follow-digest')).queueFollowDigests,
    queue: { retryLimit: 2, retryDelay: 60, retryBackoff: false, expireInSeconds: 300 },
    schedule: { cron: '41 * * * *', payload: {} },
  }),
  /** One reader's digest; retried like a reply email while the mail server refuses. */
  followDigestEmail: defineJob({
    name: 'follow-digest-email',
    payload: z.object({ userId: z.string().min(1).max(100) }),
    key: ({ userId }) => `user-${userId}`,
    handler: async () => (await import('./follow-digest')).sendFollowDigest,
    queue: { retryLimit: 8, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  }),
};

export const allJobs: readonly AnyJob[] = Object.values(jobs);
