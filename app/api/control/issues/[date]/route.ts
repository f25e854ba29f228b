import { getDb } from '@/db/client';
import { controlAnswer, controlRoute } from '@/lib/control/route';
import { isIssueDate } from '@/lib/issues/dates';
import { issueSending } from '@/lib/sending/command-line';

// `npm run send`, on the embedded database with the server running: the issue, its send, and today's audience, so
// that the command can ask before sending. Command line on this machine only (lib/control/route.ts).
export const GET = controlRoute(async (_request, { params }: { params: Promise<{ date: string }> }) => {
  const { date } = await params;
  const found = isIssueDate(date) ? await issueSending(await getDb(), date) : null;
  return found ? controlAnswer(found) : controlAnswer({ error: `There is no issue of ${date}.` }, 404);
});
