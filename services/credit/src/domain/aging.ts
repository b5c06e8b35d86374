import { daysBetween, fromCents, toCents } from '@guest-graph/subgraph-kit';

/** OPERA's aging buckets: current (not yet due), then days past due. */
export const AGING_BUCKETS = ['CURRENT', 'DAYS_1_30', 'DAYS_31_60', 'DAYS_61_90', 'OVER_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucket(dueOn: string, asOf: string): AgingBucket {
  const late = daysBetween(dueOn, asOf);
  if (late <= 0) return 'CURRENT';
  if (late <= 30) return 'DAYS_1_30';
  if (late <= 60) return 'DAYS_31_60';
  if (late <= 90) return 'DAYS_61_90';
  return 'OVER_90';
}

export type Aging = Record<'current' | 'days1To30' | 'days31To60' | 'days61To90' | 'over90' | 'total', string>;
const FIELD: Record<AgingBucket, keyof Aging> = {
  CURRENT: 'current',
  DAYS_1_30: 'days1To30',
  DAYS_31_60: 'days31To60',
  DAYS_61_90: 'days61To90',
  OVER_90: 'over90',
};

/** Sums open balances into buckets as of a date. */
export function agingOf(invoices: readonly { balance: string; dueOn: string }[], asOf: string): Aging {
  const sums = { current: 0n, days1To30: 0n, days31To60: 0n, days61To90: 0n, over90: 0n, total: 0n };
  for (const inv of invoices) {
    const cents = toCents(inv.balance);
    if (cents <= 0n) continue;
    sums[FIELD[agingBucket(inv.dueOn, asOf)] as keyof typeof sums] += cents;
    sums.total += cents;
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, fromCents(v)])) as Aging;
}
