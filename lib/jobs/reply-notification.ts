import { setTimeout as sleep } from 'node:timers/promises';
import { sendMail } from '@/lib/mail/send';
import { replyMessage } from '@/lib/responses/notify';
import { markReplyNotified, replyNotificationTarget } from '@/lib/responses/reply-notification';
import type { JobHandler } from './job';
import { log } from '@/lib/ops/log.mjs';

/**
 * Emails the author of the response a reply answers — if, now, that is still due: the reply may have been removed
 * or hidden since it was queued, the author may have turned reply emails off, or an earlier attempt may have sent it.
 * A mail server that refuses makes this throw, and pg-boss tries again later (lib/jobs/definitions.ts says when).
 *
 * The reply is marked notified once the mail server has taken the message: a process that dies between the two
 * sends it once more on the retry — the rare duplicate is preferred to a lost email.
 */
export const sendReplyNotification: JobHandler<{ responseId: number }> = async ({ responseId }, { db }) => {
  const target = await replyNotificationTarget(db, responseId);
  if (!target) return;
  await pauseForTests(responseId);
  const { reply, answered, article } = target;
  await sendMail(
    await replyMessage({
      to: answered.email,
      recipientId: answered.authorId,
      replierName: reply.name,
      replyId: reply.id,
      replyBody: reply.body,
      article,
    }),
  );
  await markReplyNotified(db, responseId);
};

/**
 * Only tests set BRIEFINGS_TEST_PAUSE_REPLY_MAIL_MS (e2e/jobs.spec.ts): the job then waits this long between
 * deciding to send and sending, so that the test can kill the server there and prove that the email survives it.
 * Not a setting, so not in lib/config.ts.
 */
async function pauseForTests(responseId: number): Promise<void> {
  const pause = Number(process.env.BRIEFINGS_TEST_PAUSE_REPLY_MAIL_MS ?? 0);
  if (!(pause > 0)) return;
  log().info(`Briefings: pausing ${pause} ms before the reply email for response ${responseId} (BRIEFINGS_TEST_PAUSE_REPLY_MAIL_MS)`);
  await sleep(pause);
}
