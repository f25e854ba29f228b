import { describe, expect, it } from 'vitest';
import { subscriberStatuses } from '@/db/schema';
import { SOFT_BOUNCE_LIMIT, statusAfterBounce } from './bounce-policy';

describe('statusAfterBounce', () => {
  it('suppresses a receiving address at its first hard bounce', () => {
    expect(statusAfterBounce({ status: 'active', kind: 'hard', softBouncesInWindow: 0 })).toBe('bounced');
    expect(statusAfterBounce({ status: 'pending', kind: 'hard', softBouncesInWindow: 0 })).toBe('bounced');
  });

  it('suppresses at the first complaint, whatever stopped the address before, except a complaint', () => {
    for (const status of subscriberStatuses) {
      expect(statusAfterBounce({ status, kind: 'complaint', softBouncesInWindow: 0 })).toBe(status === 'complained' ? null : 'complained');
    }
  });

  it('counts soft bounces up to the limit and suppresses at it', () => {
    for (let count = 1; count < SOFT_BOUNCE_LIMIT; count += 1) {
      expect(statusAfterBounce({ status: 'active', kind: 'soft', softBouncesInWindow: count })).toBeNull();
    }
    expect(statusAfterBounce({ status: 'active', kind: 'soft', softBouncesInWindow: SOFT_BOUNCE_LIMIT })).toBe('bounced');
    expect(statusAfterBounce({ status: 'active', kind: 'soft', softBouncesInWindow: SOFT_BOUNCE_LIMIT + 4 })).toBe('bounced');
  });

  it('leaves an address already stopped by its owner or a bounce as it is', () => {
    for (const status of ['unsubscribed', 'bounced', 'complained'] as const) {
      expect(statusAfterBounce({ status, kind: 'hard', softBouncesInWindow: 0 })).toBeNull();
      expect(statusAfterBounce({ status, kind: 'soft', softBouncesInWindow: SOFT_BOUNCE_LIMIT })).toBeNull();
    }
  });
});
