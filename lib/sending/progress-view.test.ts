import { describe, expect, it } from 'vitest';
import { finishedCount, progressSummary, timeLeftWords, type ProgressView } from './progress-view';

const base: ProgressView = {
  state: 'sending',
  audience: 200,
  sent: 87,
  failed: 2,
  uncertain: 0,
  skipped: 1,
  remaining: 110,
  perSecond: 20,
  secondsLeft: 6,
  pauseReason: null,
  startedAt: '2026-01-01T09:00:00.000Z',
  finishedAt: null,
};

describe('progressSummary', () => {
  it('speaks in tenths while sending, so the live region is not chatty', () => {
    expect(finishedCount(base)).toBe(90);
    expect(progressSummary(base)).toBe('Sending: 40% done (2 failed).');
    expect(progressSummary({ ...base, sent: 95 })).toBe('Sending: 40% done (2 failed).');
    expect(progressSummary({ ...base, sent: 98 })).toBe('Sending: 50% done (2 failed).');
  });

  it('says why a send is paused, and how one ended', () => {
    expect(progressSummary({ ...base, state: 'paused', pauseReason: 'Paused by Eddie Editor' })).toBe(
      'Paused at 90 of 200: Paused by Eddie Editor.',
    );
    expect(progressSummary({ ...base, state: 'done', sent: 196, uncertain: 1, remaining: 0 })).toBe(
      'Done: sent to 196 of 200 (2 failed, 1 uncertain).',
    );
    expect(progressSummary({ ...base, state: 'cancelled', failed: 0 })).toBe('Cancelled after sending to 87 of 200.');
  });
});

describe('timeLeftWords', () => {
  it('rounds', () => {
    expect(timeLeftWords(null)).toBeNull();
    expect(timeLeftWords(6)).toBe('less than a minute');
    expect(timeLeftWords(61)).toBe('about 1 minute');
    expect(timeLeftWords(3 * 3600)).toBe('about 3 hours');
  });
});
