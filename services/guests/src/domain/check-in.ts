import { guests } from '@guest-graph/events';
import { daysBetween } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { SEGMENTS } from './guest-profile.js';
import { singleLine } from './text.js';

// Check-in and check-out (入住记录): nights, amounts and the direct-bill rule, as plain functions. Outlets and
// payment methods are the event catalogue's, the vocabulary every service that reads a stay shares.

/** Contract README: nights = departureDate - arrivalDate. */
export const nightsBetween = (arrival: string, departure: string) => daysBetween(arrival, departure);

const uuid = z.string().uuid('Not a valid id');
const text = (max: number, what: string) => singleLine(max, what);

export const checkInSchema = z
  .object({
    guestId: uuid,
    propertyCode: text(20, 'A property code'),
    roomType: text(40, 'A room type'),
    roomNumber: text(10, 'A room number').nullish(),
    arrivalDate: z.string(),
    departureDate: z.string(),
    // Money arrives normalised by the scalar ("688.00"); a rate below zero is a typing error.
    nightlyRate: z.string().refine((m) => !m.startsWith('-'), 'A nightly rate cannot be negative'),
    purpose: z.enum(SEGMENTS).nullish(),
    paymentMethod: z.enum(guests.PAYMENT_METHODS),
    accountId: uuid.nullish(),
    /** The client's name for this check-in, the same on a retry (checked by the kit's `requestKey`). */
    requestId: z.string().nullish(),
  })
  .superRefine((s, ctx) => {
    const nights = nightsBetween(s.arrivalDate, s.departureDate);
    if (nights < 1)
      ctx.addIssue({ code: 'custom', path: ['departureDate'], message: 'The departure date must be after arrival' });
    else if (nights > 366)
      ctx.addIssue({ code: 'custom', path: ['departureDate'], message: 'A stay is at most 366 nights' });
    if (s.paymentMethod === 'DIRECT_BILL' && !s.accountId)
      ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'A direct-billed stay needs the account to bill' });
  });
export type CheckIn = z.output<typeof checkInSchema>;

export const chargesSchema = z
  .array(
    z.object({
      outlet: z.enum(guests.OUTLETS),
      amount: z.string().refine((m) => !m.startsWith('-'), 'A charge cannot be negative'),
    }),
  )
  .max(500, 'At most 500 charges at once');
export type Charges = z.output<typeof chargesSchema>;
