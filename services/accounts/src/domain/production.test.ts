import { describe, expect, it } from 'vitest';
import { attributeStay, productionWindow, suggestGrade, sumProduction } from './production.js';

describe('production', () => {
  it('defaults to the last 12 months, today included', () => {
    expect(productionWindow('2026-11-23')).toEqual({ from: '2025-11-24', to: '2026-11-23' });
    expect(productionWindow('2026-11-23', '2026-01-01')).toEqual({
      from: '2026-01-01',
      to: '2026-11-23',
    });
    expect(productionWindow('2026-11-23', null, '2026-03-31')).toEqual({
      from: '2025-04-01',
      to: '2026-03-31',
    });
  });

  it('counts a stay for the account it carried at check-in before the guest’s link', () => {
    expect(attributeStay({ accountId: 'acme', guestId: 'g' }, 'globex')).toEqual({ accountId: 'acme', by: 'CHECK_IN' });
    expect(attributeStay({ accountId: null, guestId: 'g' }, 'globex')).toEqual({
      accountId: 'globex',
      by: 'GUEST_LINK',
    });
    expect(attributeStay({ accountId: null, guestId: 'g' }, null)).toBeNull();
  });

  it('adds production in cents', () => {
    expect(
      sumProduction([
        { stays: 1, roomNights: 2, revenue: '0.10' },
        { stays: 2, roomNights: 3, revenue: '0.20' },
      ]),
    ).toEqual({ stays: 3, roomNights: 5, revenue: '0.30' });
  });

  it('suggests a grade from the facts of the last 12 months', () => {
    expect(suggestGrade({ stays: 0, roomNights: 0, revenue: '0.00' })).toBe('POTENTIAL');
    expect(suggestGrade({ stays: 3, roomNights: 6, revenue: '4000.00' })).toBe('C');
    expect(suggestGrade({ stays: 20, roomNights: 50, revenue: '1.00' })).toBe('B');
    expect(suggestGrade({ stays: 20, roomNights: 40, revenue: '40000.00' })).toBe('B');
    expect(suggestGrade({ stays: 90, roomNights: 200, revenue: '1.00' })).toBe('A');
    expect(suggestGrade({ stays: 5, roomNights: 10, revenue: '150000.00' })).toBe('A');
    expect(suggestGrade({ stays: 5, roomNights: 10, revenue: '149999.99' })).toBe('B');
  });
});
