import { describe, expect, it } from 'vitest';
import { tomorrowMorning, zoneLabel, zoneOffsetName } from './zone-label';

describe('the schedule’s zone, named with the offset of the day', () => {
  it('says GMT in a London winter and GMT+1 in its summer', () => {
    expect(zoneLabel(new Date('2026-12-03T07:00:00Z'), 'Europe/London')).toBe('Europe/London (GMT on that day)');
    expect(zoneLabel(new Date('2026-07-03T06:00:00Z'), 'Europe/London')).toBe('Europe/London (GMT+1 on that day)');
  });

  it('writes half hours and zones behind GMT', () => {
    expect(zoneOffsetName(new Date('2026-01-10T00:00:00Z'), 'Asia/Kolkata')).toBe('GMT+5:30');
    expect(zoneOffsetName(new Date('2026-01-10T00:00:00Z'), 'America/New_York')).toBe('GMT-5');
  });

  it('proposes tomorrow at 07:00 on the zone’s clocks', () => {
    expect(tomorrowMorning(new Date('2026-03-28T12:00:00Z'), 'Europe/London')).toEqual({
      day: '2026-03-29',
      time: '07:00',
      at: new Date('2026-03-29T06:00:00Z'), // the clocks went forward at 01:00 that night
    });
  });
});
