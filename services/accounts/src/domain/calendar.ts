/**
 * Calendar arithmetic on `YYYY-MM-DD` strings in UTC: the business dates of production windows, cadences,
 * contracts and targets. No local time zone ever enters, so a test's ManualClock gives the same answer anywhere.
 */
const DAY_MS = 86_400_000;

export const toDate = (d: Date) => d.toISOString().slice(0, 10);
const parse = (date: string) => new Date(`${date}T00:00:00Z`);

export function addDays(date: string, days: number): string {
  return toDate(new Date(parse(date).getTime() + days * DAY_MS));
}

/** Same day `months` later (or earlier), clamped to the month's end (31 March minus one month is 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const d = parse(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return toDate(target);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to).getTime() - parse(from).getTime()) / DAY_MS);
}

/** Whole days elapsed between two instants (floored). */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}
