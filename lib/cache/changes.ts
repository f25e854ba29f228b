import 'server-only';
import { updateTag } from 'next/cache';
import type { Tx } from '@/db/client';
import { announceChanged } from './bus';
import { settleRendersStartedBefore } from './handler';

/**
 * Says what a write changed: announced inside its transaction (to every server process, on commit), and returned
 * as a function to call once the transaction has committed, which expires the tags for this request too and lets
 * renders of the old state finish first, so that the page the writer is sent to next shows what they did (see
 * settleRendersStartedBefore).
 */
export async function changedIn(tx: Tx, changedTags: readonly string[]): Promise<() => Promise<void>> {
  const unique = [...new Set(changedTags)];
  await announceChanged(tx, unique);
  return async () => {
    const committedAt = Date.now();
    unique.forEach((tag) => updateTag(tag));
    await settleRendersStartedBefore(committedAt);
  };
}
