import { defineEvent, defineRequest, historyPage, id, isoDate, isoDateTime, z } from './define.js';

export const accountCreated = defineEvent(
  'accounts',
  'account.created',
  1,
  z.object({ accountId: id, name: z.string(), type: z.string(), grade: z.string().nullable(), createdAt: isoDateTime }),
);

/** A guest now travels for an account (or for none, when accountId is null). */
export const guestLinkedToAccount = defineEvent(
  'accounts',
  'account.guest-linked',
  1,
  z.object({ guestId: id, accountId: id.nullable(), linkedAt: isoDateTime }),
);

/** "Do these accounts exist?" Asked by credit before setting terms, and by guests for a check-in's account. */
export const lookupAccounts = defineRequest(
  'accounts',
  'accounts.lookup',
  z.object({ ids: z.array(id).min(1).max(1000) }),
  z.object({ accounts: z.array(z.object({ id, name: z.string(), grade: z.string().nullable(), status: z.string() })) }),
);

/**
 * The client file changed (a grade, a name, a status, an owner, a parent…): for projections that show an
 * account's name or grade, and for reports that follow re-grading.
 */
export const accountUpdated = defineEvent(
  'accounts',
  'account.updated',
  1,
  z.object({
    accountId: id,
    changedFields: z.array(z.string()).min(1),
    name: z.string(),
    grade: z.string().nullable(),
    status: z.string(),
    /** The account's type after the change; optional because events published before it carried none. */
    type: z.string().optional(),
    updatedAt: isoDateTime,
  }),
);

/**
 * Service notes of a hotel event (seed 000 §3.1(3): the meeting room's temperature, the table layout, the tea…)
 * that become preferences of the guests they reach: the planner, every attendee, or the rostrum's VIPs. Only the
 * new (note, guest) pairs of a change travel; the guests service records each pair once (`noteId`, `guestId`).
 */
export const hotelEventNotesShared = defineEvent(
  'accounts',
  'hotel-event.notes-shared',
  1,
  z.object({
    eventId: id,
    accountId: id,
    eventName: z.string(),
    startsOn: isoDate,
    notes: z
      .array(
        z.object({
          noteId: id,
          /** The guests service's preference category (ROOM_TEMPERATURE, MEETING_SETUP, TEA_COFFEE, DIET). */
          category: z.string(),
          value: z.string(),
          recordedBy: z.string(),
          recordedAt: isoDateTime,
          guestIds: z.array(id).min(1).max(2000),
        }),
      )
      .min(1)
      .max(200),
  }),
);

/**
 * "Every account's grade and type, after this cursor", in id order, as of its last change (`updatedAt`, the time
 * account.updated would carry): for the backfill of guests' stay report, which keeps the newest it is told.
 */
export const accountReportHistory = defineRequest(
  'accounts',
  'accounts.report-history',
  historyPage,
  z.object({
    accounts: z.array(
      z.object({ accountId: id, grade: z.string().nullable(), type: z.string(), updatedAt: isoDateTime }),
    ),
    next: z.string().nullable(),
  }),
);
