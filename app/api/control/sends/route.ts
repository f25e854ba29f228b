import { z } from 'zod';
import { getDb } from '@/db/client';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { controlAnswer, controlRoute } from '@/lib/control/route';
import { isIssueDate } from '@/lib/issues/dates';
import { startConfirmedSend } from '@/lib/sending/audience-check';
import { issueSending } from '@/lib/sending/command-line';

const startRequest = z.object({
  date: z.string().refine(isIssueDate, 'must be an issue date, like 2010-09-15'),
  /** The number of subscribers the operator was shown (or, with --yes, that the command read just before). */
  audienceSeen: z.number().int().min(0),
});

// `npm run send`, on the embedded database with the server running: starts the send as the command line, by the
// send page's own command (the same refusals, the same audience check); this server's sending loop sends it.
export const POST = controlRoute(async (request) => {
  const parsed = startRequest.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return controlAnswer({ error: 'Send { "date": "YYYY-MM-DD", "audienceSeen": n } as JSON.' }, 400);
  const issue = await issueSending(await getDb(), parsed.data.date);
  if (!issue) return controlAnswer({ error: `There is no issue of ${parsed.data.date}.` }, 404);
  const started = await execute(startConfirmedSend, COMMAND_LINE, { issueId: issue.issueId, audienceSeen: parsed.data.audienceSeen });
  return controlAnswer(started, 201);
});
