import { describe, expect, it } from 'vitest';
import { departmentOf, isSensitive, isStale, normaliseValue, observationConfirmed } from './preferences.js';

describe('preferences', () => {
  it('takes the department from the role, the serving one first', () => {
    expect(departmentOf(['FOOD_AND_BEVERAGE'])).toBe('FOOD_AND_BEVERAGE');
    expect(departmentOf(['MANAGER', 'HOUSEKEEPING'])).toBe('HOUSEKEEPING');
    expect(departmentOf(['MANAGER'])).toBe('MANAGEMENT');
    expect(departmentOf(['ANALYST'])).toBeNull();
  });
  it('flags health and religion as sensitive, in English and Chinese', () => {
    expect(isSensitive('Peanut allergy')).toBe(true);
    expect(isSensitive('清真餐')).toBe(true);
    expect(isSensitive('Kosher meals')).toBe(true);
    expect(isSensitive('Feather pillow')).toBe(false);
    expect(isSensitive('Feather pillow', null, true)).toBe(true);
    expect(isSensitive('No pork', 'halal')).toBe(true);
  });
  it('marks a preference stale after the configured days without confirmation', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(isStale(at, new Date('2026-06-01T00:00:00Z'), 365)).toBe(false);
    expect(isStale(at, new Date('2027-01-02T00:00:00Z'), 365)).toBe(true);
  });
  it('confirms an observation on a second stay or by a second member of staff, not by repetition', () => {
    expect(observationConfirmed([{ stayId: 's1', recordedBy: 'a' }])).toBe(false);
    expect(
      observationConfirmed([
        { stayId: 's1', recordedBy: 'a' },
        { stayId: 's1', recordedBy: 'a' },
      ]),
    ).toBe(false);
    expect(
      observationConfirmed([
        { stayId: 's1', recordedBy: 'a' },
        { stayId: 's2', recordedBy: 'a' },
      ]),
    ).toBe(true);
    expect(
      observationConfirmed([
        { stayId: null, recordedBy: 'a' },
        { stayId: null, recordedBy: 'b' },
      ]),
    ).toBe(true);
    expect(normaliseValue('  Feather   Pillow ')).toBe('feather pillow');
  });
});
