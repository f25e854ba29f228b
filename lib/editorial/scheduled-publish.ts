import { SYSTEM } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import type { JobHandler } from '@/lib/jobs/job';
import { publishScheduledIssue } from './publishing';
import { log } from '@/lib/ops/log.mjs';

/**
 * The scheduled-publish job (lib/jobs/definitions.ts): at its time, publishes the issue as the system — once: the
 * command locks the issue and publishes it only while it is still scheduled for this job's time, so a second run
 * (a retry, another worker) or the job of an older schedule does nothing. Blocked by the checklist, the issue goes
 * back to draft with the reason on the log and its publish page.
 */
export const publishAtItsTime: JobHandler<{ issueId: number; at: string }> = async ({ issueId, at }) => {
  const outcome = await execute(publishScheduledIssue, SYSTEM, { issueId, at });
  if (outcome.outcome === 'blocked') log().warn(`Briefings: the issue ${issueId} was not published at ${at}: ${outcome.reason}`);
};
