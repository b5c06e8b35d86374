import { guests } from '@guest-graph/events';
import { daysBetween, fromCents, toCents } from '@guest-graph/subgraph-kit';
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

/**
 * What is wrong with an arrival date at check-in, given the hotel's today, or null. A future date would put
 * someone in house who is not here (expected arrivals are reservations). A past one is taken: a guest arriving
 * after midnight belongs to the previous night until the night audit, and a stay written up late (after an
 * outage, or history keyed in) begins on its real day; the contract fixes no window.
 */
export function arrivalDateProblem(arrival: string, today: string): string | null {
  if (arrival > today)
    return `The arrival date is after the hotel's today (${today}): a guest is checked in when they arrive`;
  return null;
}

/** Two stays of one guest share a night: [arrival, departure) intervals that intersect. */
export const nightsOverlap = (a: { from: string; to: string }, b: { from: string; to: string }) =>
  a.from < b.to && b.from < a.to;

export const totalOf = (charges: Charges) => fromCents(charges.reduce((t, c) => t + toCents(c.amount), 0n));

/** How the desk settles the part of a direct bill above the account's credit: any method but DIRECT_BILL. */
export const restPaidBySchema = z
  .enum(guests.PAYMENT_METHODS)
  .refine((m) => m !== 'DIRECT_BILL', 'The rest of a direct bill is paid some other way than DIRECT_BILL')
  .nullish();
