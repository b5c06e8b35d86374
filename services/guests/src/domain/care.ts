/// <reference path="../lunar-javascript.d.ts" />
import { daysBetween } from '@guest-graph/subgraph-kit';
import lunarCalendar from 'lunar-javascript';
import { z } from 'zod';
import { MARKETING_CHANNELS, SEGMENTS } from './guest-profile.js';
import { PREFERENCE_CATEGORIES } from './preferences.js';

const { Lunar } = lunarCalendar;

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

/**
 * Festivals the hotel sends cards for (seed 000 section 3.1(4)). Lunar ones are (month, day) of the Chinese
 * calendar, converted for any year by `lunar-javascript` (kept, no dependencies, 1900-2100); solar ones are a
 * fixed month and day. `GUESTS_FESTIVALS` may add festivals of the hotel's own or pin a date (a promotion on
 * another day): its dates win over the rule for the years they cover.
 */
export const LUNAR_FESTIVALS: Record<string, [month: number, day: number]> = {
  SPRING_FESTIVAL: [1, 1],
  LANTERN_FESTIVAL: [1, 15],
  DRAGON_BOAT: [5, 5],
  QIXI: [7, 7],
  MID_AUTUMN: [8, 15],
  DOUBLE_NINTH: [9, 9],
};
export const SOLAR_FESTIVALS: Record<string, string> = {
  NEW_YEAR: '01-01',
  LABOUR_DAY: '05-01',
  NATIONAL_DAY: '10-01',
};

/** The Gregorian date of a festival in a Gregorian year (lunar months 1-9 fall in the same year), or null. */
export function festivalDateIn(festival: string, year: number): string | null {
  const lunar = LUNAR_FESTIVALS[festival];
  if (lunar) {
    if (year < 1901 || year > 2099) return null;
    return Lunar.fromYmd(year, lunar[0], lunar[1]).getSolar().toYmd();
  }
  const solar = SOLAR_FESTIVALS[festival];
  return solar ? `${year}-${solar}` : null;
}

export type FestivalOverrides = Record<string, string[]>;

/** `GUESTS_FESTIVALS` as JSON `{ "NAME": ["YYYY-MM-DD", ...] }`: dates added to, or pinned over, the rules. */
export function festivalCalendar(raw: string | undefined): FestivalOverrides {
  if (!raw) return {};
  const parsed = JSON.parse(raw) as FestivalOverrides;
  for (const [name, dates] of Object.entries(parsed))
    if (!Array.isArray(dates) || dates.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d)))
      throw new Error(`GUESTS_FESTIVALS: ${name} needs a list of YYYY-MM-DD dates`);
  return parsed;
}

export const isKnownFestival = (overrides: FestivalOverrides, festival: string) =>
  festival in LUNAR_FESTIVALS || festival in SOLAR_FESTIVALS || festival in overrides;

/** The next date of a festival on or after `today`: a configured date for its year, else the rule's. */
export function nextFestivalDate(overrides: FestivalOverrides, festival: string, today: string): string | null {
  const year = Number(today.slice(0, 4));
  const pinned = overrides[festival] ?? [];
  for (const y of [year, year + 1]) {
    const ofYear = pinned.filter((d) => d.startsWith(`${y}-`)).sort();
    const candidates = ofYear.length ? ofYear : [festivalDateIn(festival, y)].filter((d): d is string => d !== null);
    const next = candidates.find((d) => d >= today);
    if (next) return next;
  }
  return null;
}

/** Who has the contact a channel needs. */
export const CHANNEL_CONTACT = { EMAIL: 'email', SMS: 'phone', PHONE: 'phone', POST: 'address' } as const;

/**
 * How care reaches the guest: handed over in the hotel (flowers in the room, a cake at dinner) or sent. Only what
 * is sent needs the guest's consent on that channel; a birthday card left in the room asks for none.
 */
export const CARE_CHANNELS = ['IN_PERSON', 'EMAIL', 'SMS', 'PHONE', 'POST'] as const;
export type CareChannel = (typeof CARE_CHANNELS)[number];
export const needsConsent = (channel: CareChannel) => channel !== 'IN_PERSON';

/**
 * Who to invite to a themed event (seed 000 §3.1(4): 酒店主题活动, e.g. a wine dinner for the guests whose beverage
 * preference is wine): one to ten preferences, each a category and optionally words its current value contains,
 * and the segments to keep (none: any).
 */
export const themedInvitationInput = z.object({
  preferences: z
    .array(
      z.object({
        category: z.enum(PREFERENCE_CATEGORIES),
        contains: z.string().trim().max(100).nullish(),
      }),
    )
    .min(1, 'must name at least one preference')
    .max(10, 'at most 10 preferences'),
  segments: z.array(z.enum(SEGMENTS)).max(5).nullish(),
  channel: z.enum(MARKETING_CHANNELS),
});
