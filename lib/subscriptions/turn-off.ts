import { VISITOR } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { Refusal } from '@/lib/commands/refusal';
import { unfollowAll } from '@/lib/follows/commands';
import type { UnsubscribeLink, UnsubscribePurpose } from '@/lib/mail/unsubscribe';
import { setReplyEmails } from './preferences';
import { unsubscribe } from './unsubscribe';

/** What each kind of link turns off, for the recipient it names: the same commands the preferences page runs. */
const turnOff: Record<UnsubscribePurpose, (link: UnsubscribeLink) => Promise<unknown>> = {
  replies: (link) => execute(setReplyEmails, VISITOR, { link, on: false }),
  briefing: (link) => execute(unsubscribe, VISITOR, { link }),
  follows: (link) => execute(unfollowAll, VISITOR, { link }),
};

/**
 * Stops the kind of email a signed link names, by whichever way the link came: the one-click POST
 * (app/api/notifications/unsubscribe) or the mailto: request read by `npm run bounces`. The commands check the
 * link's token themselves. A recipient that is gone (an account deleted, an address removed) gets nothing anyway.
 */
export async function turnOffEmails(link: UnsubscribeLink): Promise<void> {
  try {
    await turnOff[link.purpose](link);
  } catch (error) {
    if (!(error instanceof Refusal && error.code === 'not-found')) throw error;
  }
}
