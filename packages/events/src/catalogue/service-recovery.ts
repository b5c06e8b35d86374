import { defineEvent, defineRequest, historyPage, id, isoDateTime, money, z } from './define.js';

// Events the service-recovery service publishes. Consumers: loyalty (points), credit (bill credits), guests.
const severity = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

export const caseOpened = defineEvent(
  'service-recovery',
  'case.opened',
  1,
  z.object({
    caseId: id,
    guestId: id,
    stayId: id.nullable(),
    channel: z.string(),
    category: z.string(),
    severity,
    department: z.string(),
    dueAt: isoDateTime,
    openedAt: isoDateTime,
  }),
);

export const caseResolved = defineEvent(
  'service-recovery',
  'case.resolved',
  1,
  z.object({
    caseId: id,
    guestId: id,
    stayId: id.nullable(),
    category: z.string(),
    /** Points granted to the guest's membership (0 when none). Loyalty books one COMPENSATION entry. */
    compensationPoints: z.number().int().min(0),
    /** A credit on the bill of a direct-billed stay; credit books one credit note. */
    billCredit: money.nullable().optional(),
    /** The account billed for the stay, when it was direct-billed. */
    accountId: id.nullable().optional(),
    /**
     * Unique per resolution (a reopened case can be resolved again, with new compensation): the key for
     * "this compensation is booked once".
     */
    resolutionId: id.optional(),
    resolvedAt: isoDateTime,
  }),
);

export const caseClosed = defineEvent(
  'service-recovery',
  'case.closed',
  1,
  z.object({ caseId: id, guestId: id, satisfied: z.boolean().nullable(), closedAt: isoDateTime }),
);

export const caseSlaBreached = defineEvent(
  'service-recovery',
  'case.sla-breached',
  1,
  z.object({
    caseId: id,
    guestId: id,
    clock: z.enum(['ACKNOWLEDGE', 'RESOLVE']),
    severity,
    department: z.string(),
    dueAt: isoDateTime,
    breachedAt: isoDateTime,
  }),
);

/**
 * "The cases opened about a stay, after this cursor": each case with its stay as `case.opened` told it, in case id
 * order, for the backfill of guests' stay report (cases about no stay are left out).
 */
export const stayCaseHistory = defineRequest(
  'service-recovery',
  'service-recovery.stay-case-history',
  historyPage,
  z.object({
    cases: z.array(
      z.object({
        caseId: id,
        stayId: id,
        category: z.string(),
        severity,
        department: z.string(),
        openedAt: isoDateTime,
      }),
    ),
    next: z.string().nullable(),
  }),
);
