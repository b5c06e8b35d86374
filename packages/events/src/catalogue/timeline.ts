import { defineEvent, defineRequest, id, isoDateTime, type Producer, z } from './define.js';

// One timeline per guest and per account (contract README, "Timelines"). The service that holds a record
// writes its line: it knows what happened and which words carry no personal data, so the owner of the
// timeline (guests for a guest, accounts for an account) only files lines, and a backfill answers the same
// lines under the same keys as the live events did.

/** What a line is about, so a console can say it in the staff's language (the contract's list, and more). */
export const TIMELINE_KINDS = [
  'GUEST_REGISTERED',
  'PROFILE_UPDATED',
  'PREFERENCE_RECORDED',
  'OBSERVATION_RECORDED',
  'CONSENT_RECORDED',
  'STAY_CHECKED_IN',
  'STAY_CHECKED_OUT',
  'MEMBER_ENROLLED',
  'POINTS_EARNED',
  'POINTS_REDEEMED',
  'POINTS_ADJUSTED',
  'TIER_CHANGED',
  'CASE_OPENED',
  'CASE_RESOLVED',
  'COMPENSATION_GRANTED',
  'SURVEY_SUBMITTED',
  'ACCOUNT_CREATED',
  'ACCOUNT_LINKED',
  'SALES_ACTIVITY',
  'CONTRACT_SIGNED',
  'INVOICE_ISSUED',
  'PAYMENT_RECEIVED',
  'CREDIT_HOLD_PLACED',
  'CREDIT_HOLD_RELEASED',
  'GUESTS_MERGED',
  'GUESTS_UNMERGED',
  'RESERVATION_MADE',
  'RESERVATION_CANCELLED',
  'EVENT_INVITED',
  'EVENT_ATTENDED',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_SUBJECTS = ['GUEST', 'ACCOUNT'] as const;
export type TimelineSubject = (typeof TIMELINE_SUBJECTS)[number];

/**
 * One line. `key` names the fact (`loyalty:ledger:<entry id>`), not the message, so a redelivery, a replay
 * and the backfill all land on the line already filed. `summary` is short and plain and never carries a
 * name, a phone, an email, a document number or a free-text note: erasure never has to rewrite history.
 */
export const timelineEntry = z.object({
  subject: z.enum(TIMELINE_SUBJECTS),
  subjectId: id,
  key: z.string().min(1).max(200),
  kind: z.enum(TIMELINE_KINDS),
  at: isoDateTime,
  summary: z.string().min(1).max(200),
  /**
   * Of a loyalty ledger entry a stay earned (its base, tier bonus or promotion points): the stay and the points,
   * for reporting copies of a stay's points (guests' stay report). Optional: other lines, and lines noted before
   * it existed, carry none.
   */
  stayPoints: z.object({ stayId: id, points: z.number().int() }).optional(),
});
export type TimelineEntry = z.output<typeof timelineEntry>;

const noted = (producer: Producer) =>
  defineEvent(producer, 'timeline.noted', 1, z.object({ entries: z.array(timelineEntry).min(1).max(500) }));

/**
 * "Every line you hold for guests (or accounts), after this key": the backfill's question, asked once when
 * a timeline first starts. Pages go by key, so a restarted backfill picks up where it stopped.
 */
const history = (producer: Producer) =>
  defineRequest(
    producer,
    `${producer}.timeline-history`,
    z.object({
      subject: z.enum(TIMELINE_SUBJECTS),
      after: z.string().max(200).nullable(),
      limit: z.number().int().min(1).max(1000),
    }),
    z.object({ entries: z.array(timelineEntry), next: z.string().nullable() }),
  );

export const timelineNoted = {
  guests: noted('guests'),
  accounts: noted('accounts'),
  'service-recovery': noted('service-recovery'),
  loyalty: noted('loyalty'),
  credit: noted('credit'),
} as const;

export const timelineHistory = {
  guests: history('guests'),
  accounts: history('accounts'),
  'service-recovery': history('service-recovery'),
  loyalty: history('loyalty'),
  credit: history('credit'),
} as const;
