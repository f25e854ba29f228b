/**
 * Wall-clock times in a named time zone (the site's, SITE_TIME_ZONE), pure: what a staff member types into a
 * datetime-local field is a time on the clocks of that zone, which is a different instant in summer and winter —
 * and on the two nights a year the clocks change, an hour that never happens (spring) or happens twice (autumn).
 */

export type LocalTime = { year: number; month: number; day: number; hour: number; minute: number };

export type ZonedResult =
  | { ok: true; at: Date; /** Autumn's repeated hour: the earlier of the two instants was taken. */ ambiguous: boolean }
  | { ok: false; problem: 'invalid' | 'nonexistent' };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/** "2026-03-29T01:30", as a datetime-local field sends it (seconds allowed and dropped); null when not a real time. */
export function parseLocalTime(text: string): LocalTime | null {
  const match = LOCAL.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day, hour, minute };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall-clock time in `zone` at `instant` (to the minute). */
export function localTimeAt(instant: Date, zone: string): LocalTime {
  const parts = Object.fromEntries(
    partsFormatter(zone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

function asUtc(local: LocalTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
}

/** How far `zone`'s clocks are ahead of UTC at `instant`, in milliseconds (whole minutes). */
export function offsetAt(instant: number, zone: string): number {
  return asUtc(localTimeAt(new Date(instant), zone)) - Math.floor(instant / 60_000) * 60_000;
}

/**
 * The instant at which `zone`'s clocks show `text`. No zone moves its clocks by more than a day, so the instant is
 * the wall time less the offset in force a day before or a day after it (or at it): each candidate is kept only if
 * the clocks really show that time then. None: the hour skipped in spring. Two: autumn's repeated hour, of which
 * the earlier is taken (and said).
 */
export function zonedTimeToInstant(text: string, zone: string): ZonedResult {
  const local = parseLocalTime(text);
  if (!local) return { ok: false, problem: 'invalid' };
  const wall = asUtc(local);
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((shift) => offsetAt(wall + shift, zone)));
  const instants = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => asUtc(localTimeAt(new Date(instant), zone)) === wall)
    .sort((a, b) => a - b);
  const unique = [...new Set(instants)];
  if (unique.length === 0) return { ok: false, problem: 'nonexistent' };
  return { ok: true, at: new Date(unique[0]!), ambiguous: unique.length > 1 };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** The value a datetime-local field shows for `instant` in `zone`: "2026-03-29T03:30". */
export function instantToLocalInput(instant: Date, zone: string): string {
  const local = localTimeAt(instant, zone);
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}`;
}

/** "Sunday, 29 March 2026, 03:30 BST (Europe/London)": an instant as staff read it, the zone always named. */
export function formatInZone(instant: Date, zone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(instant);
  return `${text.replace(' at ', ', ')} (${zone})`;
}

/** Why a typed time cannot be used, for the form. */
export function zonedProblemMessage(problem: 'invalid' | 'nonexistent', zone: string): string {
  return problem === 'invalid'
    ? 'Please enter a date and time, like 2026-03-29 09:00.'
    : `That time does not happen in ${zone}: the clocks go forward past it. Please choose another.`;
}
