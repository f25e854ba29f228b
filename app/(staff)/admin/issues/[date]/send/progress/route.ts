import { PRIVATE_HEADERS, staffRouteViewer } from '@/lib/auth/staff-route';
import { progressViewOf } from '@/lib/sending/send-page-data';
import { readSendIdAt } from '@/lib/sending/send-page-queries';

// A send's progress as JSON, polled by the send page (components/sending/SendProgress.tsx). 'send-issues' only.
export async function GET(_request: Request, { params }: { params: Promise<{ date: string }> }) {
  const access = await staffRouteViewer('send-issues');
  if ('refused' in access) return access.refused;
  const { date } = await params;
  const sendId = await readSendIdAt(access.viewer, date);
  const view = sendId === null ? null : await progressViewOf(access.viewer, { id: sendId });
  if (!view) return Response.json({ error: 'This issue has no send.' }, { status: 404, headers: PRIVATE_HEADERS });
  return Response.json(view, { headers: PRIVATE_HEADERS });
}
