import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, wholeDaysBetween } from './calendar.js';

describe('calendar', () => {
  it('adds days across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2028-02-29', -12)).toBe('2027-02-28');
    expect(addMonths('2026-11-23', -12)).toBe('2025-11-23');
    expect(addMonths('2026-01-15', 13)).toBe('2027-02-15');
  });
  it('counts days between dates and whole days between instants', () => {
    expect(daysBetween('2026-06-01', '2026-06-20')).toBe(19);
    expect(daysBetween('2026-06-20', '2026-06-01')).toBe(-19);
    expect(wholeDaysBetween(new Date('2026-03-01T10:00:00Z'), new Date('2026-03-08T09:59:59Z'))).toBe(6);
    expect(wholeDaysBetween(new Date('2026-03-01T10:00:00Z'), new Date('2026-03-08T10:00:00Z'))).toBe(7);
  });
});
