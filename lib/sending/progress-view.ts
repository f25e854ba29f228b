import type { SendState } from '@/db/schema';

/**
 * A send's progress as the send page and its JSON route give it: plain values only (dates as ISO text), so that the
 * server-rendered page and the live updates in the browser show the same thing through one component.
 */
export type ProgressView = {
  state: SendState;
  audience: number;
  sent: number;
  failed: number;
  uncertain: number;
  skipped: number;
  /** Queued or being sent: what is still to go. */
  remaining: number;
  perSecond: number | null;
  secondsLeft: number | null;
  pauseReason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

/** How far along, for the bar: every delivery that has an outcome, of the audience. */
export function finishedCount(view: ProgressView): number {
  return view.sent + view.failed + view.uncertain + view.skipped;
}

const STATE_WORDS: Record<SendState, string> = {
  scheduled: 'Scheduled',
  late: 'Late: waiting for confirmation',
  sending: 'Sending',
  paused: 'Paused',
  cancelled: 'Cancelled',
  done: 'Done',
};

export function stateWords(state: SendState): string {
  return STATE_WORDS[state];
}

/** "about 3 minutes": the time left, roughly. */
export function timeLeftWords(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

/**
 * The one sentence a screen reader hears as the send moves: coarse on purpose (in tenths while sending), so that
 * a live region polled every second or two speaks only when something worth hearing changed.
 */
export function progressSummary(view: ProgressView): string {
  const done = finishedCount(view);
  const problems = [view.failed && `${view.failed} failed`, view.uncertain && `${view.uncertain} uncertain`].filter(Boolean).join(', ');
  const tail = problems ? ` (${problems})` : '';
  switch (view.state) {
    case 'done':
      return `Done: sent to ${view.sent} of ${view.audience}${tail}.`;
    case 'cancelled':
      return `Cancelled after sending to ${view.sent} of ${view.audience}${tail}.`;
    case 'paused':
      return `Paused at ${done} of ${view.audience}${view.pauseReason ? `: ${view.pauseReason}` : ''}.`;
    case 'sending': {
      const tenths = view.audience ? Math.floor((done / view.audience) * 10) * 10 : 0;
      return `Sending: ${tenths}% done${tail}.`;
    }
    default:
      return `${stateWords(view.state)}.`;
  }
}
