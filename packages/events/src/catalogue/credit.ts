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
/**
 * The front desk's question at a direct-billed check-out: may the account be billed the final total (room,
 * F&B and every other charge)? With `partial`, the desk settles any excess another way, so credit bills what
 * the account can carry and says how much (`billed`); without it, an excess is refused. The stay's hold
 * becomes the billed amount until its invoice is issued.
 */
export const authorizeCheckOut = defineRequest(
  'credit',
  'credit.authorize-check-out',
  z.object({ accountId: id, amount: money, stayId: id, guestId: id, partial: z.boolean() }),
  z.discriminatedUnion('approved', [
    z.object({ approved: z.literal(true), billed: money, available: money }),
    z.object({
      approved: z.literal(false),
      code: z.enum(['CREDIT_HOLD', 'CREDIT_LIMIT_EXCEEDED', 'NO_CREDIT_TERMS']),
      message: z.string(),
      available: money.nullable(),
    }),
  ]),
);

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
