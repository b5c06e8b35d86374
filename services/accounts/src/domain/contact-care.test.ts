import { describe, expect, it } from 'vitest';
import { birthdaysWithin, nextBirthday } from './contact-care.js';

describe('birthday care', () => {
  it('finds the next birthday, today included, and the age reached', () => {
    expect(nextBirthday('1985-06-01', '2026-06-01')).toEqual({ on: '2026-06-01', daysAway: 0, turning: 41 });
    expect(nextBirthday('1985-06-01', '2026-06-02')).toEqual({ on: '2027-06-01', daysAway: 364, turning: 42 });
    expect(nextBirthday('1990-01-03', '2026-12-30')).toEqual({ on: '2027-01-03', daysAway: 4, turning: 37 });
  });
  it('greets someone born on 29 February on the 28th in a common year', () => {
    expect(nextBirthday('1992-02-29', '2026-02-01').on).toBe('2026-02-28');
    expect(nextBirthday('1992-02-29', '2028-02-01').on).toBe('2028-02-29');
  });
  it('lists birthdays within the window, soonest first', () => {
    const people = [
      { name: 'late', birthday: '1980-07-20' },
      { name: 'soon', birthday: '1980-07-02' },
      { name: 'unknown', birthday: null },
      { name: 'far', birthday: '1980-09-01' },
    ];
    expect(birthdaysWithin(people, '2026-07-01', 30).map((p) => p.name)).toEqual(['soon', 'late']);
  });
});
