import { parseInput } from '@guest-graph/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { progressRatio, salesTargetInput, targetPeriod } from './sales-target.js';

describe('sales targets (seed 004: annual, broken into quarters, planned by month)', () => {
  it('covers the year, the quarter or the month', () => {
    expect(targetPeriod({ year: 2026 })).toEqual({ kind: 'ANNUAL', start: '2026-01-01', end: '2026-12-31' });
    expect(targetPeriod({ year: 2026, quarter: 4 })).toEqual({
      kind: 'QUARTERLY',
      start: '2026-10-01',
      end: '2026-12-31',
    });
    expect(targetPeriod({ year: 2028, month: 2 })).toEqual({ kind: 'MONTHLY', start: '2028-02-01', end: '2028-02-29' });
  });
  it('measures progress without floats on money', () => {
    expect(progressRatio('50000.00', '100000.00')).toBe(0.5);
    expect(progressRatio('0.10', '0.30')).toBe(0.3333);
    expect(progressRatio(30, 200)).toBe(0.15);
    expect(progressRatio('10.00', null)).toBeNull();
    expect(progressRatio('10.00', '0.00')).toBeNull();
  });
  it('wants exactly one of a person and an account, and a measure', () => {
    expect(() => parseInput(salesTargetInput, { year: 2026, revenueTarget: '1.00' })).toThrow(/input.ownerId/);
    expect(() =>
      parseInput(salesTargetInput, { ownerId: 'li', year: 2026, quarter: 1, month: 2, roomNightTarget: 5 }),
    ).toThrow(/input.month/);
    expect(() => parseInput(salesTargetInput, { ownerId: 'li', year: 2026 })).toThrow(/input.revenueTarget/);
    expect(() => parseInput(salesTargetInput, { ownerId: 'li', year: 2026, quarter: 5, roomNightTarget: 5 })).toThrow(
      /input.quarter/,
    );
  });
});
