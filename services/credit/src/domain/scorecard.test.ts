import { describe, expect, it } from 'vitest';
import { averageDaysBeyondTerms, notch, ratingForScore, scorecard } from './scorecard.js';

describe('scorecard', () => {
  it('weights days beyond terms by amount, counting open invoices up to today', () => {
    const days = averageDaysBeyondTerms({
      asOf: '2026-03-31',
      invoices: [
        { amount: '300.00', dueOn: '2026-01-31', paidOn: '2026-01-30', balance: '0.00' },
        { amount: '100.00', dueOn: '2026-02-28', paidOn: '2026-03-10', balance: '0.00' },
        { amount: '100.00', dueOn: '2026-03-21', paidOn: null, balance: '100.00' },
      ],
    });
    expect(days).toBe(4); // (300x0 + 100x10 + 100x10) / 500
  });
  it('gives a prompt payer with low use and a long history AAA', () => {
    const s = scorecard({
      asOf: '2026-03-31',
      invoices: [{ amount: '1000.00', dueOn: '2026-02-28', paidOn: '2026-02-20', balance: '0.00' }],
      limit: '10000.00',
      outstanding: '2000.00',
      yearsTrading: 12,
      adjustment: 0,
    });
    expect(s).toMatchObject({ score: 100, computedRating: 'AAA', paymentPoints: 50, utilisationPercent: 20 });
  });
  it('gives a late payer over its limit with no history C, and the adjustment moves it by notches', () => {
    const s = scorecard({
      asOf: '2026-03-31',
      invoices: [{ amount: '1000.00', dueOn: '2026-01-01', paidOn: null, balance: '1000.00' }],
      limit: '500.00',
      outstanding: '1000.00',
      yearsTrading: 0,
      adjustment: 2,
    });
    expect(s).toMatchObject({ score: 0, computedRating: 'C', adjustedRating: 'A', utilisationPoints: 0 });
  });
  it('maps scores and notches within AAA..C', () => {
    expect([85, 84, 70, 55, 40, 39].map(ratingForScore)).toEqual(['AAA', 'AA', 'AA', 'A', 'B', 'C']);
    expect(notch('AA', 2)).toBe('AAA');
    expect(notch('B', -2)).toBe('C');
  });
});
