import { describe, expect, it } from 'vitest';
import { agingBucket, agingOf } from './aging.js';

describe('aging', () => {
  it.each([
    ['2026-03-10', 'CURRENT'],
    ['2026-03-01', 'CURRENT'],
    ['2026-02-28', 'DAYS_1_30'],
    ['2026-01-30', 'DAYS_1_30'],
    ['2026-01-29', 'DAYS_31_60'],
    ['2025-12-31', 'DAYS_31_60'],
    ['2025-12-30', 'DAYS_61_90'],
    ['2025-12-01', 'DAYS_61_90'],
    ['2025-11-30', 'OVER_90'],
  ])('an invoice due %s is %s on 2026-03-01', (due, bucket) => {
    expect(agingBucket(due, '2026-03-01')).toBe(bucket);
  });
  it('sums open balances per bucket and ignores settled ones', () => {
    expect(
      agingOf(
        [
          { balance: '100.10', dueOn: '2026-03-05' },
          { balance: '0.20', dueOn: '2026-02-20' },
          { balance: '0.00', dueOn: '2026-02-20' },
          { balance: '50.00', dueOn: '2025-10-01' },
        ],
        '2026-03-01',
      ),
    ).toEqual({
      current: '100.10',
      days1To30: '0.20',
      days31To60: '0.00',
      days61To90: '0.00',
      over90: '50.00',
      total: '150.30',
    });
  });
});
