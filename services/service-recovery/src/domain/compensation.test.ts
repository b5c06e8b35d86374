import { describe, expect, it } from 'vitest';
import { authorityOf, needsApproval, parseAuthority, validateOffer } from './compensation.js';

describe('authority limits', () => {
  it('gives each role its limit and a manager no limit', () => {
    expect(authorityOf(['FRONT_OFFICE'])).toEqual({ points: 500, cents: 30_000n });
    expect(authorityOf(['FRONT_OFFICE', 'GUEST_RELATIONS'])).toEqual({ points: 5_000, cents: 200_000n });
    expect(authorityOf(['HOUSEKEEPING'])).toEqual({ points: 0, cents: 0n });
    expect(
      needsApproval(authorityOf(['MANAGER']), { points: 0, cents: 0n }, { kind: 'POINTS', points: 1e9, cents: 0n }),
    ).toBe(false);
  });

  it('asks a manager when the case total goes above the limit, not only the single offer', () => {
    const fo = authorityOf(['FRONT_OFFICE']);
    const none = { points: 0, cents: 0n };
    expect(needsApproval(fo, none, { kind: 'POINTS', points: 500, cents: 0n })).toBe(false);
    expect(needsApproval(fo, none, { kind: 'POINTS', points: 501, cents: 0n })).toBe(true);
    expect(needsApproval(fo, { points: 400, cents: 0n }, { kind: 'POINTS', points: 200, cents: 0n })).toBe(true);
    expect(needsApproval(fo, { points: 0, cents: 25_000n }, { kind: 'GIFT', points: 0, cents: 5_001n })).toBe(true);
    expect(needsApproval(fo, { points: 0, cents: 25_000n }, { kind: 'GIFT', points: 0, cents: 5_000n })).toBe(false);
  });

  it('reads limits from configuration', () => {
    const limits = parseAuthority('FRONT_OFFICE=100/50.5,SALES=10/0');
    expect(limits.FRONT_OFFICE).toEqual({ points: 100, cents: 5_050n });
    expect(authorityOf(['SALES'], limits)).toEqual({ points: 10, cents: 0n });
    expect(() => parseAuthority('FRONT_OFFICE=lots')).toThrow();
  });

  it('refuses points without a count and values without an amount, naming the field', () => {
    expect(() => validateOffer('POINTS', 0, null, 'input')).toThrow(
      expect.objectContaining({ extensions: { field: 'input.points' } }),
    );
    expect(() => validateOffer('GIFT', null, null, 'input')).toThrow(
      expect.objectContaining({ extensions: { field: 'input.amount' } }),
    );
    expect(validateOffer('GIFT', null, 1_000n, 'input')).toEqual({ kind: 'GIFT', points: 0, cents: 1_000n });
  });
});
