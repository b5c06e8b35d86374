import { daysBetween } from '@guest-graph/subgraph-kit';

/**
 * Care lists (seed 000 section 3.1: flowers on birthdays, cards at festivals, regular follow-up calls).
 * Dates are compared by month and day, so a window may cross the new year.
 */
export type Occasion = 'BIRTHDAY' | 'ANNIVERSARY';

const mmdd = (date: string) => Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Longest window a care list covers: two months, enough for planning, small enough to stay a short list. */
export const MAX_CARE_WINDOW_DAYS = 62;

export function windowProblem(from: string, to: string): string | null {
  const days = daysBetween(from, to);
  if (days < 0) return 'The window ends before it starts';
  if (days > MAX_CARE_WINDOW_DAYS) return `A care list covers at most ${MAX_CARE_WINDOW_DAYS} days`;
  return null;
}

/** The month-day ranges (inclusive) a window covers: one, or two when it crosses the new year. */
export function monthDayRanges(from: string, to: string): [number, number][] {
  const a = mmdd(from);
  const b = mmdd(to);
  return from.slice(0, 4) === to.slice(0, 4)
    ? [[a, b]]
    : [
        [a, 1231],
        [101, b],
      ];
}

/**
 * The day within [from, to] on which a date recurs (a birthday, an anniversary), or null. A 29 February
 * birthday is kept on 28 February in other years.
 */
export function occurrenceIn(date: string, from: string, to: string): string | null {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    let md = date.slice(5);
    if (md === '02-29' && !isLeap(y)) md = '02-28';
    const candidate = `${y}-${md}`;
    if (candidate >= from && candidate <= to) return candidate;
  }
  return null;
}

/** Festival dates move with the lunar calendar: the hotel keeps a calendar, overridable by configuration. */
export const DEFAULT_FESTIVALS: Record<string, string[]> = {
  SPRING_FESTIVAL: ['2026-02-17', '2027-02-06', '2028-01-26'],
  LANTERN_FESTIVAL: ['2026-03-03', '2027-02-20', '2028-02-09'],
  DRAGON_BOAT: ['2026-06-19', '2027-06-09', '2028-05-28'],
  MID_AUTUMN: ['2026-09-25', '2027-09-15', '2028-10-03'],
  NATIONAL_DAY: ['2026-10-01', '2027-10-01', '2028-10-01'],
  NEW_YEAR: ['2026-01-01', '2027-01-01', '2028-01-01'],
};

/** `GUESTS_FESTIVALS` as JSON `{ "NAME": ["YYYY-MM-DD", ...] }` replaces the defaults. */
export function festivalCalendar(raw: string | undefined): Record<string, string[]> {
  if (!raw) return DEFAULT_FESTIVALS;
  const parsed = JSON.parse(raw) as Record<string, string[]>;
  for (const [name, dates] of Object.entries(parsed))
    if (!Array.isArray(dates) || dates.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d)))
      throw new Error(`GUESTS_FESTIVALS: ${name} needs a list of YYYY-MM-DD dates`);
  return parsed;
}

/** The next date of a festival on or after `today`. */
export function nextFestivalDate(calendar: Record<string, string[]>, festival: string, today: string): string | null {
  return (calendar[festival] ?? []).filter((d) => d >= today).sort()[0] ?? null;
}

/** Who has the contact a channel needs. */
export const CHANNEL_CONTACT = { EMAIL: 'email', SMS: 'phone', PHONE: 'phone', POST: 'address' } as const;
