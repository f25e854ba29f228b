import { SYSTEM } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import type { JobHandler } from '@/lib/jobs/job';
import { startScheduledSend } from './commands';
import { log } from '@/lib/ops/log.mjs';

/**
 * The scheduled-send job (lib/jobs/definitions.ts): at the send's time, starts it as the system — or leaves it
 * 'late' when the job runs over an hour after its time, for staff to confirm (confirmLateSend) or cancel.
 */
export const startSendAtItsTime: JobHandler<{ sendId: number }> = async ({ sendId }) => {
  const outcome = await execute(startScheduledSend, SYSTEM, { sendId });
  if (outcome.state === 'late') log().warn(`Briefings: send ${sendId} is late; it waits for someone to confirm it on its send page.`);
};
