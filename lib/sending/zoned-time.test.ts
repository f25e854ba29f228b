import { describe, expect, it } from 'vitest';
import { formatInZone, instantToLocalInput, parseLocalTime, zonedTimeToInstant } from './zoned-time';

const LONDON = 'Europe/London';

describe('zonedTimeToInstant', () => {
  it('reads winter and summer times in London with their own offsets', () => {
    expect(zonedTimeToInstant('2026-01-15T09:00', LONDON)).toEqual({ ok: true, at: new Date('2026-01-15T09:00:00Z'), ambiguous: false });
    expect(zonedTimeToInstant('2026-07-15T09:00', LONDON)).toEqual({ ok: true, at: new Date('2026-07-15T08:00:00Z'), ambiguous: false });
  });

  it('refuses the hour skipped when the clocks go forward (29 March 2026, 01:00–02:00 in London)', () => {
    expect(zonedTimeToInstant('2026-03-29T00:59', LONDON)).toEqual({ ok: true, at: new Date('2026-03-29T00:59:00Z'), ambiguous: false });
    expect(zonedTimeToInstant('2026-03-29T01:00', LONDON)).toEqual({ ok: false, problem: 'nonexistent' });
    expect(zonedTimeToInstant('2026-03-29T01:59', LONDON)).toEqual({ ok: false, problem: 'nonexistent' });
    expect(zonedTimeToInstant('2026-03-29T02:00', LONDON)).toEqual({ ok: true, at: new Date('2026-03-29T01:00:00Z'), ambiguous: false });
  });

  it('takes the earlier of the hour repeated when the clocks go back (25 October 2026, 01:00–02:00), and says so', () => {
    expect(zonedTimeToInstant('2026-10-25T00:30', LONDON)).toEqual({ ok: true, at: new Date('2026-10-24T23:30:00Z'), ambiguous: false });
    expect(zonedTimeToInstant('2026-10-25T01:30', LONDON)).toEqual({ ok: true, at: new Date('2026-10-25T00:30:00Z'), ambiguous: true });
    expect(zonedTimeToInstant('2026-10-25T02:00', LONDON)).toEqual({ ok: true, at: new Date('2026-10-25T02:00:00Z'), ambiguous: false });
  });

  it('works in zones far from UTC, with half-hour offsets and southern summers', () => {
    expect(zonedTimeToInstant('2026-06-01T12:00', 'Asia/Kolkata')).toMatchObject({ at: new Date('2026-06-01T06:30:00Z') });
    expect(zonedTimeToInstant('2026-01-01T00:00', 'Pacific/Auckland')).toMatchObject({ at: new Date('2025-12-31T11:00:00Z') });
    expect(zonedTimeToInstant('2026-03-08T02:30', 'America/New_York')).toEqual({ ok: false, problem: 'nonexistent' });
    expect(zonedTimeToInstant('2026-11-01T01:30', 'America/New_York')).toEqual({
      ok: true,
      at: new Date('2026-11-01T05:30:00Z'),
      ambiguous: true,
    });
    expect(zonedTimeToInstant('2026-05-05T10:00', 'UTC')).toMatchObject({ at: new Date('2026-05-05T10:00:00Z') });
  });

  it('refuses what is not a date and time', () => {
    for (const text of ['', 'tomorrow', '2026-02-30T09:00', '2026-13-01T09:00', '2026-01-01T24:00', '2026-01-01'])
      expect(zonedTimeToInstant(text, LONDON), text).toEqual({ ok: false, problem: 'invalid' });
  });
});

describe('the other way', () => {
  it('parses what a datetime-local field sends, seconds dropped', () => {
    expect(parseLocalTime('2026-03-29T09:05:30')).toEqual({ year: 2026, month: 3, day: 29, hour: 9, minute: 5 });
  });

  it('gives the field its value back in the zone, across both changes', () => {
    for (const text of ['2026-03-29T00:59', '2026-03-29T02:00', '2026-10-25T01:30', '2026-12-31T23:59']) {
      const result = zonedTimeToInstant(text, LONDON);
      expect(result.ok && instantToLocalInput(result.at, LONDON)).toBe(text);
    }
    // The second 01:30 of the autumn night shows as 01:30 too.
    expect(instantToLocalInput(new Date('2026-10-25T01:30:00Z'), LONDON)).toBe('2026-10-25T01:30');
  });

  it('names the zone and its abbreviation in what staff read', () => {
    expect(formatInZone(new Date('2026-07-15T08:00:00Z'), LONDON)).toBe('Wednesday, 15 July 2026, 09:00 BST (Europe/London)');
    expect(formatInZone(new Date('2026-01-15T09:00:00Z'), LONDON)).toBe('Thursday, 15 January 2026, 09:00 GMT (Europe/London)');
  });
});
