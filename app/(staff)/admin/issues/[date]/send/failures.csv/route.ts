import { PRIVATE_HEADERS, staffRouteViewer } from '@/lib/auth/staff-route';
import { safeCsv } from '@/lib/csv/safe-cell';
import { failuresPageOf, parseFailureFilters } from '@/lib/sending/send-page-data';
import { readSendIdAt } from '@/lib/sending/send-page-queries';
import type { SendFailure } from '@/lib/sending/queries';
import { unreadableAmong } from '@/lib/text/unreadable';

const PAGE = 500;

// The failed and uncertain messages of a send, as the page filters them, as CSV (cells a spreadsheet would run as
// formulas neutralised: lib/csv/safe-cell.ts). 'send-issues' only.
export async function GET(request: Request, { params }: { params: Promise<{ date: string }> }) {
  const access = await staffRouteViewer('send-issues');
  if ('refused' in access) return access.refused;
  const { date } = await params;
  const sendId = await readSendIdAt(access.viewer, date);
  if (sendId === null) return new Response('This issue has no send.', { status: 404, headers: PRIVATE_HEADERS });
  const query = new URL(request.url).searchParams;
  const values = { status: query.get('status') ?? undefined, q: query.get('q') ?? undefined };
  const filters = { ...parseFailureFilters(unreadableAmong([values.status, values.q]) ? {} : values), after: null };
  const rows: SendFailure[] = [];
  for (let after: number | null = null; ;) {
    const page = await failuresPageOf(access.viewer, sendId, { ...filters, after }, PAGE);
    rows.push(...page.rows);
    if (page.next === null) break;
    after = page.next;
  }
  const csv = safeCsv(
    ['email', 'status', 'attempts', 'answer', 'finished_at'],
    rows.map((row) => [row.email, row.status, row.attempts, row.answer, row.finishedAt]),
  );
  return new Response(csv, {
    headers: {
      ...PRIVATE_HEADERS,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="failures-${date}.csv"`,
    },
  });
}
