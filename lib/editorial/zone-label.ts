import { localTimeAt, offsetAt, zonedTimeToInstant } from '@/lib/sending/zoned-time';

/**
 * The site's time zone as the schedule form names it: "Europe/London (GMT+1 on that day)" — the offset of the day
 * shown, since the same zone is an hour apart in summer and winter. Pure.
 */
export function zoneOffsetName(instant: Date, zone: string): string {
  const minutes = Math.round(offsetAt(instant.getTime(), zone) / 60_000);
  if (minutes === 0) return 'GMT';
  const sign = minutes > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `GMT${sign}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

export function zoneLabel(instant: Date, zone: string): string {
  return `${zone} (${zoneOffsetName(instant, zone)} on that day)`;
}

/** The schedule form's first values: tomorrow at 07:00 on the site's clocks, and the instant that is. */
export function tomorrowMorning(now: Date, zone: string): { day: string; time: string; at: Date } {
  const local = localTimeAt(new Date(now.getTime() + 86_400_000), zone);
  const day = `${String(local.year).padStart(4, '0')}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
  const time = '07:00';
  const found = zonedTimeToInstant(`${day}T${time}`, zone);
  return { day, time, at: found.ok ? found.at : new Date(now.getTime() + 86_400_000) };
}
