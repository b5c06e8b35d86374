import { defineEvent, defineRequest, id, isoDateTime, money, z } from './define.js';

export const holdPlaced = defineEvent(
  'credit',
  'credit.hold-placed',
  1,
  z.object({ accountId: id, reason: z.string(), placedBy: z.string(), placedAt: isoDateTime }),
);

export const holdReleased = defineEvent(
  'credit',
  'credit.hold-released',
  1,
  z.object({ accountId: id, reason: z.string(), releasedBy: z.string(), releasedAt: isoDateTime }),
);

/**
 * The direct-bill question the front desk asks at check-in: may this account be billed this stay?
 * Credit holds the amount against available credit until check-out, so two check-ins cannot spend the same
 * headroom. Refusal codes are the contract's.
 */
export const authorizeDirectBill = defineRequest(
  'credit',
  'credit.authorize',
  z.object({ accountId: id, amount: money, stayId: id, guestId: id }),
  z.discriminatedUnion('approved', [
    z.object({ approved: z.literal(true), authorizationId: id, available: money }),
    z.object({
      approved: z.literal(false),
      code: z.enum(['CREDIT_HOLD', 'CREDIT_LIMIT_EXCEEDED', 'NO_CREDIT_TERMS']),
      message: z.string(),
      available: money.nullable(),
    }),
  ]),
);
