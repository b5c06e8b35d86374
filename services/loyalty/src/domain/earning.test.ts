import { describe, expect, it } from 'vitest';
import { basePoints, DEFAULT_EARNING_RATES, type Promotion, pointsForStay, stayNights } from './earning.js';

const stay = (charges: [string, string][], arrivalDate = '2026-03-02', departureDate = '2026-03-04') => ({
  arrivalDate,
  departureDate,
  charges: charges.map(([outlet, amount]) => ({ outlet, amount })),
});

describe('earning', () => {
  it('earns floor(ROOM + FOOD_AND_BEVERAGE) and nothing on other outlets', () => {
    expect(
      basePoints(
        stay([
          ['ROOM', '688.50'],
          ['FOOD_AND_BEVERAGE', '99.60'],
          ['SPA', '400.00'],
          ['LAUNDRY', '35.00'],
        ]).charges,
        DEFAULT_EARNING_RATES,
      ),
    ).toBe(788);
    expect(basePoints(stay([['ROOM', '0.99']]).charges, DEFAULT_EARNING_RATES)).toBe(0);
    expect(basePoints(stay([['ROOM', '-20.00']]).charges, DEFAULT_EARNING_RATES)).toBe(0);
  });

  it('follows the rates kept as data', () => {
    const rates = [...DEFAULT_EARNING_RATES, { outlet: 'SPA', pointsPerUnit: '0.50' }];
    expect(basePoints(stay([['SPA', '301.00']]).charges, rates)).toBe(150);
  });

  it('adds the tier bonus as floor(earn x 10/25/50 %)', () => {
    const s = stay([['ROOM', '999.00']]);
    expect(pointsForStay(s, 'MEMBER', DEFAULT_EARNING_RATES, []).bonus).toBe(0);
    expect(pointsForStay(s, 'SILVER', DEFAULT_EARNING_RATES, []).bonus).toBe(99);
    expect(pointsForStay(s, 'GOLD', DEFAULT_EARNING_RATES, []).bonus).toBe(249);
    expect(pointsForStay(s, 'PLATINUM', DEFAULT_EARNING_RATES, [])).toEqual({ earn: 999, bonus: 499, promotions: [] });
  });

  it('applies a promotion to the nights it covers', () => {
    const weekends: Promotion = {
      id: 'p1',
      name: 'Double points on weekend nights',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      multiplier: '2.00',
      weekdays: [5, 6],
    };
    // Thursday 5 to Monday 9 March 2026: nights Thu, Fri, Sat, Sun; Friday and Saturday are covered.
    const s = stay([['ROOM', '1000.00']], '2026-03-05', '2026-03-09');
    expect(stayNights(s.arrivalDate, s.departureDate)).toHaveLength(4);
    const points = pointsForStay(s, 'MEMBER', DEFAULT_EARNING_RATES, [weekends]);
    expect(points.earn).toBe(1000);
    expect(points.promotions).toEqual([{ promotion: weekends, points: 500, nights: 2 }]);
    const outOfRange = { ...weekends, startsOn: '2026-04-01' };
    expect(pointsForStay(s, 'MEMBER', DEFAULT_EARNING_RATES, [outOfRange]).promotions).toEqual([]);
  });
});
