import 'server-only';
import { updateTag } from 'next/cache';
import { settleRendersStartedBefore } from './handler';

/**
 * After a write from a request has committed (its tags already announced to every process inside the
 * transaction): expires the tags for this request too and lets renders of the old state finish first, so that the
 * page the writer is sent to next shows what they did (see settleRendersStartedBefore). Outside a request — a job,
 * a script — the announcement alone does it, as `updateTag` works only in a server action.
 */
export async function expireInThisRequest(changedTags: readonly string[]): Promise<void> {
  const committedAt = Date.now();
  changedTags.forEach((tag) => updateTag(tag));
  await settleRendersStartedBefore(committedAt);
}
