import type { Actor } from '@/lib/commands/actor';
import { execute, type Command } from '@/lib/commands/execute';

/** Runs a command as a job or a script would (no request), and says what it returned and which tags it expired. */
export async function run<Input, Output>(
  command: Command<Input, Output>,
  actor: Actor,
  input: Input,
): Promise<{ output: Output; tags: string[] }> {
  let tags: string[] = [];
  const output = await execute(command, actor, input, {
    afterCommit: async (changed) => {
      tags = [...changed].sort();
    },
  });
  return { output, tags };
}
