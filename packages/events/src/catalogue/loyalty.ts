import { defineEvent, id, isoDateTime, z } from './define.js';

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
