import { describe, expect, it } from 'vitest';
import { festivalCalendar, monthDayRanges, nextFestivalDate, occurrenceIn, windowProblem } from './care.js';

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
  it('reads the festival calendar and finds the next date', () => {
    const cal = festivalCalendar('{"MID_AUTUMN":["2026-09-25","2027-09-15"]}');
    expect(nextFestivalDate(cal, 'MID_AUTUMN', '2026-09-26')).toBe('2027-09-15');
    expect(nextFestivalDate(cal, 'SPRING_FESTIVAL', '2026-01-01')).toBeNull();
    expect(() => festivalCalendar('{"X":["soon"]}')).toThrow(/GUESTS_FESTIVALS/);
  });
});
