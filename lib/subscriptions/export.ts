import 'server-only';
import { subscriberStatuses, type SubscriberStatus } from '@/db/schema';
import { perform } from '@/lib/actions/perform';
import { can } from '@/lib/auth/permissions';
import { currentUser } from '@/lib/auth/session';
import { safeCsv } from '@/lib/csv/safe-cell';
import { signInPath } from '@/lib/routing/sign-in-path';
import { unreadableAmong } from '@/lib/text/unreadable';
import { recordSubscriberExport } from './admin';
import { readSubscriberExport, type SubscriberFilter } from './admin-queries';

/**
 * The subscribers as CSV (GET /admin/subscribers/export, with the page's filter): staff with 'manage-subscribers'
 * only, never cached, every cell through safeCell so that a spreadsheet cannot take one for a formula, and the
 * download logged. The route handler only calls this.
 */

export const EXPORT_HEADER = [
  'email',
  'status',
  'consent_source',
  'consent_wording',
  'consent_note',
  'consent_at',
  'confirmed_at',
  'status_changed_at',
  'created_at',
] as const;

/** The filter from the address's query: unknown statuses and unreadable text are ignored. */
export function exportFilter(params: URLSearchParams): SubscriberFilter {
  const query = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  return {
    query: unreadableAmong([query]) ? '' : query.slice(0, 200),
    status: subscriberStatuses.includes(status as SubscriberStatus) ? (status as SubscriberStatus) : null,
  };
}

export async function subscribersCsv(url: URL): Promise<Response> {
  const user = await currentUser();
  if (!user) return Response.redirect(new URL(signInPath({ returnTo: `${url.pathname}${url.search}` }), url), 303);
  if (!can(user, 'manage-subscribers'))
    return new Response('You are not allowed to export the subscribers.', {
      status: 403,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store' },
    });
  const filter = exportFilter(url.searchParams);
  const rows = await readSubscriberExport(user, filter);
  await perform(user, recordSubscriberExport, { status: filter.status, count: rows.length });
  const csv = safeCsv(
    EXPORT_HEADER,
    rows.map((row) => [
      row.email,
      row.status,
      row.consentSource,
      row.consentWording,
      row.consentNote,
      row.consentAt,
      row.confirmedAt,
      row.statusChangedAt,
      row.createdAt,
    ]),
  );
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="subscribers-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
