import { getDb } from '@/db/client';
import { controlAnswer, controlRoute } from '@/lib/control/route';
import { rowIdOf } from '@/lib/routing/addresses';
import { sendProgress } from '@/lib/sending/queries';

// `npm run send`'s progress bar, on the embedded database with the server running: the send's counts, polled.
// Command line on this machine only (lib/control/route.ts).
export const GET = controlRoute(async (_request, { params }: { params: Promise<{ id: string }> }) => {
  const id = rowIdOf((await params).id);
  const progress = id ? await sendProgress(await getDb(), id) : null;
  return progress ? controlAnswer(progress) : controlAnswer({ error: 'There is no such send.' }, 404);
});
