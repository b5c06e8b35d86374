import { describe, expect, it } from 'vitest';
import { nextTierProgress, requalify, tierAfterNights, tierForNights } from './tiers.js';

describe('tiers', () => {
  it('are reached at 10, 25 and 50 nights', () => {
    expect(tierForNights(0)).toBe('MEMBER');
    expect(tierForNights(9)).toBe('MEMBER');
    expect(tierForNights(10)).toBe('SILVER');
    expect(tierForNights(24)).toBe('SILVER');
    expect(tierForNights(25)).toBe('GOLD');
    expect(tierForNights(49)).toBe('GOLD');
    expect(tierForNights(50)).toBe('PLATINUM');
  });

  it('only go up during the year', () => {
    expect(tierAfterNights('GOLD', 3)).toBe('GOLD');
    expect(tierAfterNights('MEMBER', 12)).toBe('SILVER');
  });

  it('say what the next tier needs', () => {
    expect(nextTierProgress('MEMBER', 4)).toEqual({ tier: 'SILVER', nightsNeeded: 6 });
    expect(nextTierProgress('SILVER', 30)).toEqual({ tier: 'GOLD', nightsNeeded: 0 });
    expect(nextTierProgress('PLATINUM', 80)).toBeNull();
  });

  it('requalify at the roll-over, dropping at most one tier', () => {
    expect(requalify('PLATINUM', 0)).toBe('GOLD');
    expect(requalify('GOLD', 12)).toBe('SILVER');
    expect(requalify('SILVER', 60)).toBe('PLATINUM');
    expect(requalify('MEMBER', 0)).toBe('MEMBER');
    expect(requalify('GOLD', 30)).toBe('GOLD');
  });
});
