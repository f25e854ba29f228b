import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { command } from '@/lib/commands/execute';
import { refuse } from '@/lib/commands/refusal';
import { sendMail } from '@/lib/mail/send';
import type { CounterRule } from '@/lib/ratelimit/rules';
import { hit } from '@/lib/ratelimit/store';
import { briefingFor, IssueNotFoundError, prepareBriefing } from './briefing-email';
import { log } from '@/lib/ops/log.mjs';

/** Test copies: a few at a time for each staff member (each is a real email, to their own address only). */
export const TEST_SEND_RULE = (userId: string): CounterRule => ({
  key: `send-test:${userId}`,
  limit: 5,
  windowSeconds: 10 * 60,
  message: (wait) => `You have sent several test copies just now. Please try again in ${wait}.`,
});

/**
 * Sends the signed-in staff member one copy of an issue's briefing, exactly as subscribers will get it but with no
 * subscriber's unsubscribe link, to their own account's address — never to an address typed into a form. Limited
 * per person and logged. The message goes out inside the command's transaction: a refusal by the mail server
 * rolls back the log entry and the count.
 */
export const sendTestBriefing = command('send-issues', async (write, input: { issueId: number }) => {
  const { tx, actor } = write;
  if (!actor.id) refuse('not-allowed', 'A test copy goes to the address of the staff member who asks for it: sign in to send one.');
  const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, actor.id));
  if (!person) refuse('not-allowed', 'Your account is not there any more.');
  const verdict = await hit(tx, [TEST_SEND_RULE(actor.id)]);
  if (!verdict.ok) refuse('limited', verdict.message);
  const prepared = await prepareBriefing(tx, input.issueId).catch((error: unknown) => {
    if (error instanceof IssueNotFoundError) refuse('not-found', 'There is no such issue.');
    throw error;
  });
  const message = briefingFor(prepared, { subscriberId: null, email: person.email });
  await write.log({ action: 'send-test', target: { type: 'issue', id: input.issueId }, after: { to: person.email } });
  try {
    await sendMail(message);
  } catch (error) {
    log().error({ err: error }, 'A test copy of the briefing was not sent');
    refuse('unavailable', 'The mail server did not take the test copy. Please try again in a few minutes.');
  }
  return { to: person.email };
});
