import { describe, expect, it } from 'vitest';
import {
  festivalCalendar,
  festivalDateIn,
  isKnownFestival,
  monthDayRanges,
  nextFestivalDate,
  occurrenceIn,
  windowProblem,
} from './care.js';

describe('care windows', () => {
  it('finds the day a birthday recurs in a window, across the new year and on 29 February', () => {
    expect(occurrenceIn('1980-07-07', '2026-07-01', '2026-07-31')).toBe('2026-07-07');
    expect(occurrenceIn('1980-07-07', '2026-08-01', '2026-08-31')).toBeNull();
    expect(occurrenceIn('1975-01-03', '2026-12-20', '2027-01-10')).toBe('2027-01-03');
    expect(occurrenceIn('1992-02-29', '2027-02-20', '2027-03-05')).toBe('2027-02-28');
    expect(occurrenceIn('1992-02-29', '2028-02-20', '2028-03-05')).toBe('2028-02-29');
  });
  it('splits a window that crosses the new year, and refuses long or reversed ones', () => {
    expect(monthDayRanges('2026-07-01', '2026-07-31')).toEqual([[701, 731]]);
    expect(monthDayRanges('2026-12-20', '2027-01-10')).toEqual([
      [1220, 1231],
      [101, 110],
    ]);
    expect(windowProblem('2026-07-01', '2026-06-30')).toMatch(/ends before/);
    expect(windowProblem('2026-01-01', '2026-06-30')).toMatch(/at most 62/);
    expect(windowProblem('2026-01-01', '2026-01-31')).toBeNull();
  });
  it('computes the lunar festivals for any year, the solar ones by rule (past the old 2026-2028 table)', () => {
    // Published dates (Hong Kong Observatory, the State Council's holiday notices).
    const expected: Record<string, string[]> = {
      SPRING_FESTIVAL: ['2026-02-17', '2029-02-13', '2030-02-03', '2035-02-08'],
      LANTERN_FESTIVAL: ['2026-03-03', '2029-02-27', '2030-02-17', '2035-02-22'],
      DRAGON_BOAT: ['2026-06-19', '2029-06-16', '2030-06-05', '2035-06-10'],
      QIXI: ['2026-08-19', '2029-08-16', '2030-08-05', '2035-08-10'],
      MID_AUTUMN: ['2026-09-25', '2029-09-22', '2030-09-12', '2035-09-16'],
      DOUBLE_NINTH: ['2026-10-18', '2029-10-16', '2030-10-05', '2035-10-09'],
    };
    for (const [festival, dates] of Object.entries(expected))
      for (const d of dates) expect(festivalDateIn(festival, Number(d.slice(0, 4))), festival).toBe(d);
    expect(festivalDateIn('NATIONAL_DAY', 2031)).toBe('2031-10-01');
    expect(festivalDateIn('HALLOWEEN', 2031)).toBeNull();
  });
  it('finds the next date from the rules, rolling into next year, with configured dates pinned over them', () => {
    expect(nextFestivalDate({}, 'MID_AUTUMN', '2029-09-22')).toBe('2029-09-22');
    expect(nextFestivalDate({}, 'MID_AUTUMN', '2029-09-23')).toBe('2030-09-12');
    expect(nextFestivalDate({}, 'NEW_YEAR', '2031-01-02')).toBe('2032-01-01');
    const cal = festivalCalendar('{"MID_AUTUMN":["2026-09-26"],"ANNIVERSARY_GALA":["2031-05-20"]}');
    expect(nextFestivalDate(cal, 'MID_AUTUMN', '2026-09-25')).toBe('2026-09-26');
    expect(nextFestivalDate(cal, 'MID_AUTUMN', '2026-09-27')).toBe('2027-09-15');
    expect(nextFestivalDate(cal, 'ANNIVERSARY_GALA', '2031-01-01')).toBe('2031-05-20');
    expect(nextFestivalDate(cal, 'ANNIVERSARY_GALA', '2031-06-01')).toBeNull();
    expect(isKnownFestival(cal, 'QIXI')).toBe(true);
    expect(isKnownFestival(cal, 'HALLOWEEN')).toBe(false);
    expect(() => festivalCalendar('{"X":["soon"]}')).toThrow(/GUESTS_FESTIVALS/);
  });
});
