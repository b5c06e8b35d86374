import { defineEvent, defineRequest, id, isoDate, isoDateTime, money, z } from './define.js';

// Events the guests service publishes. Consumers: loyalty, accounts, credit, service-recovery.
/** Where a stay's money was spent: guests charges it, loyalty earns on it, accounts counts it. */
export const OUTLETS = ['ROOM', 'FOOD_AND_BEVERAGE', 'MEETING', 'SPA', 'LAUNDRY', 'OTHER'] as const;
/** How a stay is paid; DIRECT_BILL sends it to the account's invoice (credit). */
export const PAYMENT_METHODS = ['CASH', 'CARD', 'MOBILE', 'DIRECT_BILL', 'VOUCHER'] as const;
export type Outlet = (typeof OUTLETS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
const outlet = z.enum(OUTLETS);
const paymentMethod = z.enum(PAYMENT_METHODS);

/**
 * A new profile. Ids and non-identifying facts only: a name in a stream outlives its erasure (a consumer that
 * needs one asks `guests.lookup`).
 */
export const guestRegistered = defineEvent(
  'guests',
  'guest.registered',
  1,
  z.object({
    guestId: id,
    segment: z.string().nullable(),
    vip: z.boolean(),
    registeredAt: isoDateTime,
  }),
);

export const guestUpdated = defineEvent(
  'guests',
  'guest.updated',
  1,
  z.object({ guestId: id, changedFields: z.array(z.string()), updatedAt: isoDateTime }),
);

/** Other services re-point the duplicate's records to the survivor. */
export const guestMerged = defineEvent(
  'guests',
  'guest.merged',
  1,
  z.object({ mergeId: id, survivorId: id, duplicateId: id, mergedAt: isoDateTime }),
);

/** Undoes a merge: records that came from the duplicate go back to it. */
export const guestUnmerged = defineEvent(
  'guests',
  'guest.unmerged',
  1,
  z.object({ mergeId: id, survivorId: id, duplicateId: id, unmergedAt: isoDateTime }),
);

export const stayCheckedIn = defineEvent(
  'guests',
  'stay.checked-in',
  1,
  z.object({
    stayId: id,
    guestId: id,
    propertyCode: z.string(),
    roomType: z.string(),
    roomNumber: z.string().nullable(),
    arrivalDate: isoDate,
    departureDate: isoDate,
    nights: z.number().int().positive(),
    nightlyRate: money,
    paymentMethod,
    accountId: id.nullable(),
    checkedInAt: isoDateTime,
  }),
);

/**
 * A check-in that asked credit for a direct bill and then did not happen (credit's answer came too late, or
 * the stay could not be written): credit releases the stay's hold at once instead of after its window.
 */
export const stayCheckInAbandoned = defineEvent(
  'guests',
  'stay.check-in-abandoned',
  1,
  z.object({
    stayId: id,
    accountId: id,
    abandonedAt: isoDateTime,
  }),
);

export const stayCheckedOut = defineEvent(
  'guests',
  'stay.checked-out',
  1,
  z.object({
    stayId: id,
    guestId: id,
    propertyCode: z.string(),
    roomType: z.string(),
    arrivalDate: isoDate,
    departureDate: isoDate,
    nights: z.number().int().positive(),
    nightlyRate: money,
    paymentMethod,
    /** The account carried at check-in, if any. */
    accountId: id.nullable(),
    charges: z.array(z.object({ outlet, amount: money })),
    totalSpend: money,
    /** False when the guest's latest SURVEYS answer is a withdrawal: no post-stay survey (absent: send one). */
    surveys: z.boolean().optional(),
    /**
     * Of a direct-billed stay, the part billed to the account (credit invoices this); the rest was settled at
     * the desk by `restPaidBy`. Absent (older events): the whole total.
     */
    directBilled: money.nullable().optional(),
    restPaidBy: paymentMethod.nullable().optional(),
    /** The guest's segment at check-out, for complaint rates by segment (absent from older events: unknown). */
    segment: z.string().nullable().optional(),
    checkedOutAt: isoDateTime,
  }),
);

/**
 * "Do these guests exist, and who are they?" Other services ask before they attach something to a guest
 * (a membership, a case, an account link), because the guest may have been registered a moment ago and
 * their own projection may not have caught up yet.
 */
export const lookupGuests = defineRequest(
  'guests',
  'guests.lookup',
  z.object({
    ids: z.array(id).min(1).max(1000),
    /** Stays to confirm as well (a complaint about a stay must name one the guest really had). */
    stayIds: z.array(id).max(1000).optional(),
  }),
  z.object({
    guests: z.array(
      z.object({
        id,
        fullName: z.string(),
        vip: z.boolean(),
        segment: z.string().nullable(),
        mergedInto: id.nullable(),
      }),
    ),
    /** The stays asked for that exist, with the guest they belong to now (after any merge). */
    stays: z
      .array(
        z.object({
          id,
          guestId: id,
          /** The guest is in house on this stay now (not checked out); absent from older answerers. */
          inHouse: z.boolean().optional(),
        }),
      )
      .optional(),
  }),
);
