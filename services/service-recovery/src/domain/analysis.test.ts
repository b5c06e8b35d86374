import { describe, expect, it } from 'vitest';
import { casesPer100Stays, compliance, mean, percentile } from './analysis.js';

describe('analysis figures', () => {
  it('takes the mean and the 90th percentile by nearest rank', () => {
    const hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(mean(hours)).toBe(5.5);
    expect(percentile(hours, 90)).toBe(9);
    expect(percentile([4], 90)).toBe(4);
    expect(percentile([], 90)).toBeNull();
  });
  it('gives compliance in percent', () => {
    expect(compliance(2, 3)).toBe(66.7);
    expect(compliance(0, 0)).toBeNull();
  });
});

describe('the complaint rate', () => {
  it('is cases per 100 stays to two decimals, none without stays', () => {
    expect(casesPer100Stays(3, 200)).toBe(1.5);
    expect(casesPer100Stays(1, 3)).toBe(33.33);
    expect(casesPer100Stays(0, 0)).toBeNull();
  });
});
