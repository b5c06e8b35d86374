import { describe, expect, it } from 'vitest';
import { caseForFeedback, departmentOfRoles } from './feedback.js';

describe('in-stay feedback', () => {
  it('opens a case for a complaint or a low score while the guest is in house, and only then', () => {
    const base = { kind: 'COMMENT' as const, score: null, category: null, inHouse: true };
    expect(caseForFeedback(base)).toBeNull();
    expect(caseForFeedback({ ...base, kind: 'COMPLAINT' })).toEqual({ category: 'OTHER', severity: 'MEDIUM' });
    expect(caseForFeedback({ ...base, score: 2, category: 'NOISE' })).toEqual({
      category: 'NOISE',
      severity: 'MEDIUM',
    });
    expect(caseForFeedback({ ...base, score: 1 })).toMatchObject({ severity: 'HIGH' });
    expect(caseForFeedback({ ...base, score: 3 })).toBeNull();
    expect(caseForFeedback({ ...base, kind: 'PRAISE', score: 5 })).toBeNull();
    expect(caseForFeedback({ ...base, kind: 'COMPLAINT', inHouse: false })).toBeNull();
  });
  it('files the feedback under the department of whoever heard it', () => {
    expect(departmentOfRoles(['HOUSEKEEPING'])).toBe('HOUSEKEEPING');
    expect(departmentOfRoles(['ANALYST', 'FOOD_AND_BEVERAGE'])).toBe('FOOD_AND_BEVERAGE');
    expect(departmentOfRoles(['MANAGER'])).toBe('MANAGEMENT');
    expect(departmentOfRoles(['LOYALTY'])).toBe('FRONT_OFFICE');
  });
});
