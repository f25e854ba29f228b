'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { finishedCount, progressSummary, stateWords, timeLeftWords, type ProgressView } from '@/lib/sending/progress-view';

/** How often the page asks for fresh numbers while a send is under way. */
const POLL_MS = 1500;
const LIVE: ReadonlySet<ProgressView['state']> = new Set(['sending', 'paused', 'scheduled', 'late']);

/**
 * A send's progress: a labelled bar, the counts, the rate and the time left, and a polite live summary. Rendered
 * on the server with the numbers of the moment (so a reload without JavaScript shows them); with JavaScript it
 * asks `url` (a staff-only JSON route) every second or two while the send can still move, and refreshes the page
 * around it when the state changes (the buttons beside it depend on the state).
 */
export function SendProgress({ initial, url }: { initial: ProgressView; url: string }) {
  const [view, setView] = useState(initial);
  const [rendered, setRendered] = useState(initial);
  const router = useRouter();
  // The page was rendered again (after an action, or a refresh below): its numbers are the newest.
  if (initial !== rendered) {
    setRendered(initial);
    setView(initial);
  }

  useEffect(() => {
    if (!LIVE.has(view.state)) return;
    let stopped = false;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } });
        if (!response.ok || stopped) return;
        const next = (await response.json()) as ProgressView;
        if (stopped) return;
        setView(next);
        if (next.state !== view.state) router.refresh();
      } catch {
        // The next tick tries again; the numbers on screen stay as they were.
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [view, url, router]);

  const finished = finishedCount(view);
  const percent = view.audience ? Math.round((finished / view.audience) * 100) : 0;
  const timeLeft = view.state === 'sending' ? timeLeftWords(view.secondsLeft) : null;
  return (
    <div className="send-progress">
      <p>
        <strong>{stateWords(view.state)}</strong>
        {view.pauseReason && view.state === 'paused' ? <>: {view.pauseReason}</> : null}
      </p>
      <label htmlFor="send-progress-bar">
        {finished} of {view.audience} handled ({percent}%)
      </label>
      <progress id="send-progress-bar" max={Math.max(view.audience, 1)} value={view.audience ? finished : 0}>
        {percent}%
      </progress>
      <dl className="send-counts">
        <div>
          <dt>Sent</dt>
          <dd data-count="sent">{view.sent}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd data-count="failed">{view.failed}</dd>
        </div>
        <div>
          <dt>Uncertain</dt>
          <dd data-count="uncertain">{view.uncertain}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd data-count="skipped">{view.skipped}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd data-count="remaining">{view.remaining}</dd>
        </div>
        {view.state === 'sending' && view.perSecond !== null ? (
          <div>
            <dt>Rate</dt>
            <dd>{view.perSecond.toFixed(view.perSecond < 10 ? 1 : 0)} a second</dd>
          </div>
        ) : null}
        {timeLeft ? (
          <div>
            <dt>Time left</dt>
            <dd>{timeLeft}</dd>
          </div>
        ) : null}
      </dl>
      <p className="visually-hidden" role="status" aria-live="polite">
        {progressSummary(view)}
      </p>
    </div>
  );
}
