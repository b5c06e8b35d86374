import { isValidDate } from '@guest-graph/subgraph-kit';
import { z } from 'zod';

export interface NegotiatedRate {
  id: string;
  roomType: string | null;
  validFrom: string;
  validTo: string | null;
  createdAt: Date;
}

/**
 * The rate in force on `date` for `roomType`: among rates whose validity covers the date, one for that room type
 * beats one for any room; then the one that started latest (a renegotiation supersedes the old rate without
 * anyone having to close it); then the one entered last.
 */
export function rateInForce<R extends NegotiatedRate>(rates: R[], date: string, roomType?: string | null): R | null {
  const covering = rates.filter(
    (r) =>
      r.validFrom <= date &&
      (r.validTo === null || r.validTo >= date) &&
      (r.roomType === null || (roomType != null && r.roomType === roomType)),
  );
  covering.sort(
    (a, b) =>
      Number(b.roomType !== null) - Number(a.roomType !== null) ||
      b.validFrom.localeCompare(a.validFrom) ||
      b.createdAt.getTime() - a.createdAt.getTime(),
  );
  return covering[0] ?? null;
}

export const accountRateInput = z
  .object({
    roomType: z.string().trim().min(1, 'must not be blank').max(50).nullish(),
    rate: z
      .string()
      .refine((s) => !s.startsWith('-') && /[1-9]/.test(s), 'must be greater than 0.00')
      .nullish(),
    discountPercent: z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100').nullish(),
    validFrom: z.string().refine(isValidDate, 'must be a date'),
    validTo: z.string().refine(isValidDate, 'must be a date').nullish(),
    contractId: z.string().uuid('must be a contract id').nullish(),
  })
  .superRefine((r, ctx) => {
    if (r.rate == null && r.discountPercent == null)
      ctx.addIssue({ code: 'custom', path: ['rate'], message: 'a rate or a discount is needed' });
    if (r.validTo && r.validTo < r.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must not be before validFrom' });
  });
export type AccountRateInput = z.output<typeof accountRateInput>;
