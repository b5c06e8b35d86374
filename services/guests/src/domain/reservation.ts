import type { Role } from '@guest-graph/auth';
import { guests } from '@guest-graph/events';
import { z } from 'zod';
import { nightsBetween } from './check-in.js';
import { SEGMENTS } from './guest-profile.js';
import { multiLine, singleLine } from './text.js';

// Reservations (预订) and the morning's preparation list (seed 000 §3.1(3): "在客人再次来店时可以针对性的实施";
// seed 001 §二 and §三: a pillow prepared before the guest arrives, booking as part of housekeeping's care).

const uuid = z.string().uuid('Not a valid id');

export const reserveSchema = z
  .object({
    guestId: uuid,
    propertyCode: singleLine(20, 'A property code'),
    roomType: singleLine(40, 'A room type'),
    arrivalDate: z.string(),
    departureDate: z.string(),
    nightlyRate: z.string().refine((m) => !m.startsWith('-'), 'A nightly rate cannot be negative'),
    purpose: z.enum(SEGMENTS).nullish(),
    paymentMethod: z.enum(guests.PAYMENT_METHODS).nullish(),
    accountId: uuid.nullish(),
    notes: multiLine(2000, 'Notes').nullish(),
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
export type Reserve = z.output<typeof reserveSchema>;

/** What the desk may change when the guest arrives; the rest comes from the reservation. */
export const reservationCheckInSchema = z
  .object({
    roomNumber: singleLine(10, 'A room number').nullish(),
    arrivalDate: z.string().nullish(),
    departureDate: z.string().nullish(),
    nightlyRate: z.string().nullish(),
    paymentMethod: z.enum(guests.PAYMENT_METHODS).nullish(),
    accountId: uuid.nullish(),
    requestId: z.string().nullish(),
  })
  .nullish();
export type ReservationCheckIn = NonNullable<z.output<typeof reservationCheckInSchema>>;

export const cancelReasonSchema = singleLine(500, 'A reason');

/**
 * What is wrong with a reservation's arrival date, given the hotel's today, or null. A reservation is for a guest
 * still to come: a past day is history, keyed in as a stay.
 */
export function reservationArrivalProblem(arrival: string, today: string): string | null {
  if (arrival < today) return `The arrival date is before the hotel's today (${today}): a reservation is for later`;
  return null;
}

/** Only a reservation whose day has come (or passed) can be a no-show. */
export function noShowProblem(arrival: string, today: string): string | null {
  if (arrival > today) return `The guest is expected on ${arrival}: not a no-show before that day`;
  return null;
}

/** Who prepares what: housekeeping the room, food and beverage the table. */
export type PreparationArea = 'ROOM' | 'TABLE';

/**
 * The preference categories each area prepares before arrival. Room type is the desk's when it assigns the
 * room, meeting set-up the events', and OTHER names no department: none of them is on the list.
 */
export const PREPARATION_CATEGORIES: Record<PreparationArea, readonly string[]> = {
  ROOM: [
    'PILLOW',
    'MATTRESS',
    'TOILETRIES',
    'ROOM_TEMPERATURE',
    'LIGHTING',
    'BATH_WATER',
    'READING',
    'TV_ENTERTAINMENT',
    'HYGIENE',
  ],
  TABLE: ['DIET', 'TEA_COFFEE', 'BEVERAGE'],
};

export const areaOf = (category: string): PreparationArea | null =>
  PREPARATION_CATEGORIES.ROOM.includes(category)
    ? 'ROOM'
    : PREPARATION_CATEGORIES.TABLE.includes(category)
      ? 'TABLE'
      : null;

/** Who marks an area's items done: its own department, and the desk and managers for any. */
export const PREPARERS: Record<PreparationArea, readonly Role[]> = {
  ROOM: ['HOUSEKEEPING', 'FRONT_OFFICE', 'MANAGER'],
  TABLE: ['FOOD_AND_BEVERAGE', 'FRONT_OFFICE', 'MANAGER'],
};
export const ANY_PREPARER: Role[] = ['HOUSEKEEPING', 'FOOD_AND_BEVERAGE', 'FRONT_OFFICE', 'MANAGER'];

/** An item is one preference prepared for one reservation: its id names both, so a mark survives a re-read. */
export const preparationItemId = (reservationId: string, preferenceId: string) => `${reservationId}.${preferenceId}`;

export function parsePreparationItemId(id: string): { reservationId: string; preferenceId: string } | null {
  const [reservationId, preferenceId, ...rest] = id.split('.');
  if (rest.length || !uuid.safeParse(reservationId).success || !uuid.safeParse(preferenceId).success) return null;
  return { reservationId: reservationId!, preferenceId: preferenceId! };
}
