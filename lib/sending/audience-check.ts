import { count, eq } from 'drizzle-orm';
import { subscribers } from '@/db/schema';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { startSend } from './commands';

/**
 * Whether the audience a person confirmed (the number on the button they pressed) is still, near enough, the one
 * that would be sent to now: a few subscribers coming or going in between is ordinary, but a big change (an import,
 * a wave of bounces) means they agreed to something else, and are asked again. Pure.
 */
export function audienceStillAsSeen(seen: number, now: number): boolean {
  return Math.abs(now - seen) <= Math.max(5, Math.ceil(seen * 0.05));
}

/**
 * startSend, from a confirmation that named its audience: refused (nothing sent) when the active subscribers are no
 * longer about that many, so the page shows the new number to confirm. Counted in the transaction that freezes
 * the audience.
 */
export const startConfirmedSend = command('send-issues', async (write, input: { issueId: number; audienceSeen: number }) => {
  const [active] = await write.tx.select({ n: count() }).from(subscribers).where(eq(subscribers.status, 'active'));
  const now = active?.n ?? 0;
  if (!audienceStillAsSeen(input.audienceSeen, now))
    refuse(
      'conflict',
      `The page showed ${input.audienceSeen} active subscribers, but there are now ${now}. Nothing was sent: please check the number and confirm again.`,
    );
  return startSend.run(write, input);
});
