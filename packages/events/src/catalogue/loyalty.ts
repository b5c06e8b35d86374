import { defineEvent, defineRequest, historyPage, id, isoDateTime, z } from './define.js';

const tier = z.enum(['MEMBER', 'SILVER', 'GOLD', 'PLATINUM']);

export const memberEnrolled = defineEvent(
  'loyalty',
  'member.enrolled',
  1,
  z.object({ membershipId: id, guestId: id, number: z.string(), enrolledAt: isoDateTime }),
);

export const tierChanged = defineEvent(
  'loyalty',
  'loyalty.tier-changed',
  1,
  z.object({ membershipId: id, guestId: id, from: tier, to: tier, reason: z.string(), changedAt: isoDateTime }),
);

/**
 * "The points stays earned, after this cursor": the ledger entries `Stay.pointsEarned` sums (EARN and BONUS, whose
 * reference is the stay), in ledger order, for the backfill of guests' stay report. Each under the key loyalty's
 * `timeline.noted` line of the entry carries (`loyalty:ledger:<entry id>`), so an entry told live and answered
 * here is counted once.
 */
export const stayPointsHistory = defineRequest(
  'loyalty',
  'loyalty.stay-points-history',
  historyPage,
  z.object({
    entries: z.array(z.object({ key: z.string(), stayId: id, points: z.number().int() })),
    next: z.string().nullable(),
  }),
);
