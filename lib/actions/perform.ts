import 'server-only';
import type { CurrentUser } from '@/lib/auth/session';
import { expireInThisRequest } from '@/lib/cache/changes';
import { actorOf, VISITOR } from '@/lib/commands/actor';
import { execute, type Command } from '@/lib/commands/execute';

/**
 * A command run from a server action, as the signed-in user (or, in an action open to anyone, as a visitor): what
 * the action's page shows next includes the change. A Refusal it throws reaches `guarded`, which shows it on the form.
 */
export function perform<Input, Output>(user: CurrentUser | null, command: Command<Input, Output>, input: Input): Promise<Output> {
  return execute(command, user ? actorOf(user) : VISITOR, input, { afterCommit: expireInThisRequest });
}
