import 'server-only';
import type { CurrentUser } from '@/lib/auth/session';
import type { ProgressView } from './progress-view';
import { readSendFailures, readSendProgress, type SendFailure, type SendProgress } from './queries';

/** The send page's reads of a send, through the engine's staff queries, in the shapes the page shows. */

export const FAILURES_PAGE_SIZE = 50;

export type FailureFilters = { status: 'failed' | 'uncertain' | null; search: string; after: number | null };

/** The failures list's filters from the page's query: anything unexpected is no filter. */
export function parseFailureFilters(query: { status?: string; q?: string; after?: string }): FailureFilters {
  const status = query.status === 'failed' || query.status === 'uncertain' ? query.status : null;
  const after = query.after && /^\d{1,9}$/.test(query.after) ? Number(query.after) : null;
  return { status, search: (query.q ?? '').trim().slice(0, 200), after };
}

/** Plain values for the page and the JSON route alike. */
export function toProgressView(progress: SendProgress): ProgressView {
  return {
    state: progress.state,
    audience: progress.audience,
    sent: progress.sent,
    failed: progress.failed,
    uncertain: progress.uncertain,
    skipped: progress.skipped,
    remaining: progress.queued + progress.sending,
    perSecond: progress.perSecond,
    secondsLeft: progress.secondsLeft,
    pauseReason: progress.pauseReason,
    startedAt: progress.startedAt?.toISOString() ?? null,
    finishedAt: progress.finishedAt?.toISOString() ?? null,
  };
}

export async function progressViewOf(viewer: CurrentUser, send: { id: number }): Promise<ProgressView | null> {
  const progress = await readSendProgress(viewer, send.id);
  return progress ? toProgressView(progress) : null;
}

export async function failuresPageOf(
  viewer: CurrentUser,
  sendId: number,
  filters: FailureFilters,
  limit = FAILURES_PAGE_SIZE,
): Promise<{ rows: SendFailure[]; next: number | null }> {
  const page = await readSendFailures(viewer, sendId, {
    status: filters.status ?? undefined,
    search: filters.search || undefined,
    after: filters.after ?? undefined,
    limit,
  });
  return { rows: page.items, next: page.next };
}
