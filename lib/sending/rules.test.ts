import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  autoPauseReason,
  grantedSlots,
  isDone,
  LATE_AFTER_MS,
  MAX_ATTEMPTS,
  rateWindow,
  retryDelaySeconds,
  scheduledVerdict,
  secondsLeft,
  sendTimeoutMs,
  shouldPause,
} from './rules';

describe('the per-second slots', () => {
  it('grant what was left below the limit before this caller’s increase, never more than asked nor below none', () => {
    expect(grantedSlots(4, 4, 10)).toBe(4); // first in the second
    expect(grantedSlots(12, 4, 10)).toBe(2); // 8 taken before: 2 left
    expect(grantedSlots(16, 4, 10)).toBe(0); // 12 asked before: none left
    expect(grantedSlots(30, 4, 10)).toBe(0);
  });

  it('never grant more than the limit in all, however callers interleave', () => {
    let counter = 0;
    let granted = 0;
    for (const wanted of [3, 7, 1, 9, 2, 5]) {
      counter += wanted;
      granted += grantedSlots(counter, wanted, 12);
    }
    expect(granted).toBe(12);
  });

  it('are counted in whole-second windows', () => {
    expect(rateWindow(12_345)).toEqual({ start: 12_000, msLeft: 655 });
  });
});

describe('failures', () => {
  it('wait longer after each temporary failure, up to an hour', () => {
    expect([1, 2, 3, 4, 7, 20].map((attempts) => retryDelaySeconds(attempts))).toEqual([60, 120, 240, 480, 3600, 3600]);
    expect(retryDelaySeconds(2, 0.01)).toBeCloseTo(1.2);
  });

  it('queue a temporary failure again while attempts are left, and fail it after the last or when permanent', () => {
    expect(afterFailure({ temporary: true }, 1)).toEqual({ status: 'queued', delaySeconds: 60 });
    expect(afterFailure({ temporary: true }, MAX_ATTEMPTS)).toEqual({ status: 'failed' });
    expect(afterFailure({ temporary: false }, 1)).toEqual({ status: 'failed' });
  });

  it('pause the send after 20 in a row, saying the last answer on one line', () => {
    expect(shouldPause(19)).toBe(false);
    expect(shouldPause(20)).toBe(true);
    expect(shouldPause(3, 3)).toBe(true);
    expect(autoPauseReason(20, '550 5.1.1 No such\r\n mailbox')).toBe('20 failures in a row; the last: 550 5.1.1 No such mailbox');
  });
});

describe('a send', () => {
  it('is done when nothing is queued or in flight', () => {
    expect(isDone({ queued: 0, sending: 0 })).toBe(true);
    expect(isDone({ queued: 1, sending: 0 })).toBe(false);
    expect(isDone({ queued: 0, sending: 1 })).toBe(false);
  });

  it('scheduled starts at its time, waits when its job comes early, and is late over an hour after', () => {
    const at = Date.UTC(2030, 0, 1, 8);
    expect(scheduledVerdict(at, at - 60_000)).toBe('early');
    expect(scheduledVerdict(at, at - 1000)).toBe('start');
    expect(scheduledVerdict(at, at + LATE_AFTER_MS)).toBe('start');
    expect(scheduledVerdict(at, at + LATE_AFTER_MS + 1)).toBe('late');
  });

  it('says how long is left at the recent rate, or its own before any', () => {
    expect(secondsLeft(0, 10, 50)).toBeNull();
    expect(secondsLeft(100, 10, 50)).toBe(10);
    expect(secondsLeft(100, 0, 50)).toBe(2);
    expect(secondsLeft(100, 80, 50)).toBe(2);
  });

  it('gives up waiting for the mail server well inside its lease', () => {
    expect(sendTimeoutMs(60)).toBe(45_000);
    expect(sendTimeoutMs(1)).toBe(1000);
  });
});
