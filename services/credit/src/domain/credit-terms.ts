import { toCents } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { CREDIT_RATINGS } from './credit-standing.js';

/** Longest credit period we accept: a year. Hotels grant 7 to 90 days; beyond a year is a typo. */
export const MAX_TERM_DAYS = 365;

export const creditTermsInput = z.object({
  limit: z.string().refine((v) => toCents(v) >= 0n, 'must not be negative'),
  termDays: z
    .number()
    .int('must be a whole number of days')
    .min(0, 'must not be negative')
    .max(MAX_TERM_DAYS, `must be at most ${MAX_TERM_DAYS} days`),
  rating: z.enum(CREDIT_RATINGS).nullish(),
  reason: z.string().trim().max(500, 'must be at most 500 characters').nullish(),
});
export type CreditTermsInput = z.output<typeof creditTermsInput>;

export const reasonInput = z.string().trim().min(1, 'a reason is required').max(500);
