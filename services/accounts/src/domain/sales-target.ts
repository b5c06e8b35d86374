import { addDays, addMonths, toCents } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { ACCOUNT_GRADES, ACCOUNT_TYPES } from './account-file.js';

export type PeriodKind = 'ANNUAL' | 'QUARTERLY' | 'MONTHLY';

export const salesTargetInput = z
  .object({
    ownerId: z.string().trim().min(1, 'must not be blank').max(100).nullish(),
    accountId: z.string().uuid('must be an account id').nullish(),
    grade: z.enum(ACCOUNT_GRADES).nullish(),
    accountType: z.enum(ACCOUNT_TYPES).nullish(),
    year: z.number().int().min(2000, 'must be a year from 2000').max(2100, 'must be a year up to 2100'),
    quarter: z.number().int().min(1, 'must be 1 to 4').max(4, 'must be 1 to 4').nullish(),
    month: z.number().int().min(1, 'must be 1 to 12').max(12, 'must be 1 to 12').nullish(),
    revenueTarget: z
      .string()
      .refine((s) => !s.startsWith('-'), 'must not be negative')
      .nullish(),
    roomNightTarget: z.number().int().min(0, 'must not be negative').nullish(),
  })
  .superRefine((t, ctx) => {
    // Seed 004 sets targets per person, per account and per client category (grade or type).
    if ([t.ownerId, t.accountId, t.grade, t.accountType].filter((x) => x != null && x !== '').length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['ownerId'],
        message: 'give exactly one of ownerId, accountId, grade and accountType',
      });
    if (t.quarter != null && t.month != null)
      ctx.addIssue({ code: 'custom', path: ['month'], message: 'give a quarter or a month, not both' });
    if (t.revenueTarget == null && t.roomNightTarget == null)
      ctx.addIssue({ code: 'custom', path: ['revenueTarget'], message: 'a revenue or room-night target is needed' });
  });
export type SalesTargetInput = z.output<typeof salesTargetInput>;

/**
 * The period a target covers (seed 004, 銷售目標制定: annual, broken down into quarters, planned by month).
 */
export function targetPeriod(t: { year: number; quarter?: number | null; month?: number | null }): {
  kind: PeriodKind;
  start: string;
  end: string;
} {
  const jan1 = `${t.year}-01-01`;
  if (t.month != null) {
    const start = addMonths(jan1, t.month - 1);
    return { kind: 'MONTHLY', start, end: addDays(addMonths(start, 1), -1) };
  }
  if (t.quarter != null) {
    const start = addMonths(jan1, (t.quarter - 1) * 3);
    return { kind: 'QUARTERLY', start, end: addDays(addMonths(start, 3), -1) };
  }
  return { kind: 'ANNUAL', start: jan1, end: `${t.year}-12-31` };
}

/** Actual against target, as a ratio (1 = met); null when there is no target for that measure. */
export function progressRatio(actual: string | number, target: string | number | null): number | null {
  if (target == null) return null;
  if (typeof actual === 'number' && typeof target === 'number') return target === 0 ? null : actual / target;
  const t = toCents(String(target));
  if (t === 0n) return null;
  // Ratio of two cent amounts: a display figure, rounded to 4 places, never summed back into money.
  return Number((toCents(String(actual)) * 10_000n) / t) / 10_000;
}
