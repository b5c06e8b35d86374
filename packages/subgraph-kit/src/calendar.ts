/**
 * The hotel's calendar. A business date is a `YYYY-MM-DD` string: production, receivables, tier years and
 * cadences fall on dates, not instants. Which date an instant belongs to depends on the property's time zone
 * (Beijing time by default), never on the UTC date or the process's local zone.
 *
 * Zone work is done by `Intl` (the ICU time-zone database Node ships): it knows every IANA zone and its daylight
 * saving rules, so no offset is written by hand and no dependency is needed. Arithmetic on dates themselves
 * (add days, months, days between) involves no zone at all, so it is done on UTC midnights, where every day
 * has 24 hours.
 */
import { DEFAULT_HOTEL_TIME_ZONE } from '@guest-graph/config';

export const DEFAULT_TIME_ZONE = DEFAULT_HOTEL_TIME_ZONE;

const DAY_MS = 86_400_000;

// A formatter costs half a millisecond to build and nothing to reuse: one per time zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string) {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f;
}

/** The date at the hotel when `instant` happened. */
export function hotelDate(instant: Date | string | number, timeZone = DEFAULT_TIME_ZONE): string {
  return dateFormat(timeZone).format(new Date(instant));
}

/** Minutes the zone is ahead of UTC at `instant` (480 for Beijing time). */
function offsetMinutes(instant: number, timeZone: string): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, f);
  }
  const name = f.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The first instant of hotel date `date`. Where a zone skips midnight (a daylight-saving change at 00:00),
 * the day starts at the first minute that exists.
 */
export function startOfHotelDay(date: string, timeZone = DEFAULT_TIME_ZONE): Date {
  const midnightUtc = parse(date).getTime();
  let t = midnightUtc - offsetMinutes(midnightUtc, timeZone) * 60_000;
  // The offset at the guess may differ from the offset at the real start (a change within the day): one
  // more pass settles it.
  t = midnightUtc - offsetMinutes(t, timeZone) * 60_000;
  if (hotelDate(t, timeZone) < date) t += 60 * 60_000;
  return new Date(t);
}

const parse = (date: string) => new Date(`${date}T00:00:00Z`);
const format = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return format(new Date(parse(date).getTime() + days * DAY_MS));
}

/** Same day `months` later (or earlier), clamped to the month's end (31 March minus one month is 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const d = parse(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return format(target);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to).getTime() - parse(from).getTime()) / DAY_MS);
}

/** Whole 24-hour periods elapsed between two instants (floored): an age, not a count of calendar days. */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** `YYYY-MM` of a date. */
export const monthOf = (date: string) => date.slice(0, 7);
/** The year of a date. */
export const yearOf = (date: string) => Number(date.slice(0, 4));
