import { describe, expect, it } from 'vitest';
import { RESPONSE_LIMITS, responseVerdict, secondsLeft, waitInWords, windowStart } from './rules';

const HOUR = 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('fixed windows', () => {
  it('start on multiples of their size and say how long is left', () => {
    expect(windowStart(NOW + 61_000, 60)).toBe(NOW + 60_000);
    expect(secondsLeft(NOW + 61_000, NOW + 60_000, 60)).toBe(59);
    expect(secondsLeft(NOW + 119_999, NOW + 60_000, 60)).toBe(1);
  });

  it('put waits in words', () => {
    expect(waitInWords(1)).toBe('1 second');
    expect(waitInWords(45)).toBe('45 seconds');
    expect(waitInWords(600)).toBe('10 minutes');
    expect(waitInWords(3 * 3600)).toBe('3 hours');
  });
});

describe('responseVerdict', () => {
  const established = { accountCreatedAt: NOW - 10 * 24 * HOUR, lastPostAt: null, postsLastDay: 0 };
  const fresh = { accountCreatedAt: NOW - HOUR, lastPostAt: null, postsLastDay: 0 };

  it('lets an established reader post 10 seconds after the last response, not sooner', () => {
    expect(responseVerdict({ ...established, lastPostAt: NOW - 10_000 }, NOW)).toEqual({ ok: true });
    const limited = responseVerdict({ ...established, lastPostAt: NOW - 4_000 }, NOW);
    expect(limited).toMatchObject({ ok: false, retryAfterSeconds: 6 });
    expect(limited.ok || limited.message).toBe('Please wait 6 seconds before posting again (10 seconds between responses).');
  });

  it('makes a reader under a day old wait 30 seconds', () => {
    expect(responseVerdict({ ...fresh, lastPostAt: NOW - 29_000 }, NOW)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    expect(responseVerdict({ ...fresh, lastPostAt: NOW - 30_000 }, NOW)).toEqual({ ok: true });
  });

  it('caps a reader under a day old at 10 responses, until the account is a day old', () => {
    expect(responseVerdict({ ...fresh, postsLastDay: RESPONSE_LIMITS.newPerDay - 1 }, NOW)).toEqual({ ok: true });
    const capped = responseVerdict({ ...fresh, postsLastDay: RESPONSE_LIMITS.newPerDay }, NOW);
    expect(capped).toMatchObject({ ok: false, retryAfterSeconds: 23 * 3600 });
    expect(capped.ok || capped.message).toContain('You can post again in 23 hours');
    // A day after the account was made, the cap is gone (only the 10-second spacing remains).
    expect(responseVerdict({ ...fresh, postsLastDay: 40 }, fresh.accountCreatedAt + 24 * HOUR)).toEqual({ ok: true });
  });
});
