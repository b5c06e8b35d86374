import { describe, expect, it } from 'vitest';
import { hotelDate, monthOf, startOfHotelDay, yearOf } from './calendar.js';
import { ManualClock, SystemClock } from './clock.js';

// 16:30Z on 1 March is 00:30 on 2 March in Beijing; 15:30Z is 23:30 on 1 March.
const HALF_PAST_MIDNIGHT = '2026-03-01T16:30:00Z';
const HALF_PAST_ELEVEN = '2026-03-01T15:30:00Z';

describe('the hotel clock', () => {
  it("gives the hotel's date, not the UTC date, just after midnight", () => {
    const clock = new ManualClock(HALF_PAST_MIDNIGHT);
    expect(clock.timeZone).toBe('Asia/Shanghai');
    expect(clock.today()).toBe('2026-03-02');
  });

  it('keeps the same date until midnight at the hotel', () => {
    expect(new ManualClock(HALF_PAST_ELEVEN).today()).toBe('2026-03-01');
  });

  it('takes another zone as an option', () => {
    const clock = new ManualClock(HALF_PAST_MIDNIGHT, { timeZone: 'America/New_York' });
    expect(clock.today()).toBe('2026-03-01');
    expect(clock.dateOf('2026-03-02T04:59:00Z')).toBe('2026-03-01');
    expect(clock.dateOf('2026-03-02T05:00:00Z')).toBe('2026-03-02');
  });

  it('starts a hotel day at local midnight', () => {
    const clock = new ManualClock(HALF_PAST_MIDNIGHT);
    expect(clock.startOfDay('2026-03-02').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(clock.dateOf(clock.startOfDay('2026-03-02'))).toBe('2026-03-02');
    expect(clock.dateOf(clock.startOfDay('2026-03-02').getTime() - 1)).toBe('2026-03-01');
  });

  it('follows daylight saving where the zone has it', () => {
    // Paris moves from +01:00 to +02:00 on 29 March 2026, and back on 25 October.
    expect(startOfHotelDay('2026-03-29', 'Europe/Paris').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfHotelDay('2026-03-30', 'Europe/Paris').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfHotelDay('2026-10-26', 'Europe/Paris').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    // Santiago skips midnight when its summer time starts (6 September 2026): the day starts at 01:00.
    const start = startOfHotelDay('2026-09-06', 'America/Santiago');
    expect(hotelDate(start, 'America/Santiago')).toBe('2026-09-06');
    expect(hotelDate(start.getTime() - 1, 'America/Santiago')).toBe('2026-09-05');
  });

  it('the system clock reads real time in its zone', () => {
    const clock = new SystemClock('UTC');
    expect(clock.today()).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe('a date', () => {
  it('names its month and year', () => {
    expect(monthOf('2026-03-02')).toBe('2026-03');
    expect(yearOf('2026-03-02')).toBe(2026);
  });
});
