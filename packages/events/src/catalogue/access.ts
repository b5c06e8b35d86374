import * as accounts from './accounts.js';
import * as credit from './credit.js';
import * as dataRights from './data-rights.js';
import type { EventDefinition, Producer, RequestDefinition } from './define.js';
import { PRODUCERS } from './define.js';
import * as guests from './guests.js';
import * as loyalty from './loyalty.js';
import * as serviceRecovery from './service-recovery.js';
import * as timeline from './timeline.js';

// Who takes what from the bus. A definition already says who publishes an event and who answers a question;
// this says the rest: each service's durable consumers (by the name it gives `bus.consume`) and the questions
// it asks. The NATS permissions of each service's user are derived from the catalogue and these two lists
// (nats-auth.ts), so a consumer or a question added in code and not here is refused by a NATS with users.

/** Each service's durable consumers: consumer name (as given to `bus.consume`) → the event it consumes. */
export const CONSUMERS: Record<Producer, Record<string, EventDefinition>> = {
  guests: {
    'member-tier-enrolled': loyalty.memberEnrolled,
    'member-tier-changed': loyalty.tierChanged,
    'complaint-follow-up': serviceRecovery.caseOpened,
    'hotel-event-notes': accounts.hotelEventNotesShared,
    'stay-report-points': timeline.timelineNoted.loyalty,
    'stay-report-cases': serviceRecovery.caseOpened,
    'stay-report-account-created': accounts.accountCreated,
    'stay-report-account-updated': accounts.accountUpdated,
    'data-request': dataRights.dataRequested,
    ...Object.fromEntries(
      (['accounts', 'service-recovery', 'loyalty', 'credit'] as const).map((s) => [
        `timeline-${s}`,
        timeline.timelineNoted[s],
      ]),
    ),
    ...Object.fromEntries(PRODUCERS.map((s) => [`data-request-answers-${s}`, dataRights.dataRequestAnswered[s]])),
  },
  accounts: {
    production: guests.stayCheckedOut,
    'guest-merged': guests.guestMerged,
    'guest-unmerged': guests.guestUnmerged,
    'event-attendees-merged': guests.guestMerged,
    'event-attendees-unmerged': guests.guestUnmerged,
    'timeline-guests': timeline.timelineNoted.guests,
    'timeline-credit': timeline.timelineNoted.credit,
    'data-request': dataRights.dataRequested,
  },
  'service-recovery': {
    'stay-checked-in': guests.stayCheckedIn,
    'stay-checked-out': guests.stayCheckedOut,
    'guest-merged': guests.guestMerged,
    'guest-unmerged': guests.guestUnmerged,
    'member-enrolled': loyalty.memberEnrolled,
    'tier-changed': loyalty.tierChanged,
    'data-request': dataRights.dataRequested,
  },
  loyalty: {
    'earn-on-check-out': guests.stayCheckedOut,
    'compensate-on-case-resolved': serviceRecovery.caseResolved,
    'fold-on-guest-merged': guests.guestMerged,
    'restore-on-guest-unmerged': guests.guestUnmerged,
    'data-request': dataRights.dataRequested,
  },
  credit: {
    'stay-checked-in': guests.stayCheckedIn,
    'stay-check-in-abandoned': guests.stayCheckInAbandoned,
    'stay-checked-out': guests.stayCheckedOut,
    'case-resolved': serviceRecovery.caseResolved,
    'data-request': dataRights.dataRequested,
  },
};

/** Timelines are owned by guests and accounts; each backfills once by asking every other service's history. */
const histories = (owner: Producer) => PRODUCERS.filter((p) => p !== owner).map((p) => timeline.timelineHistory[p]);

/** The questions each service asks (request/reply). */
export const ASKS: Record<Producer, RequestDefinition[]> = {
  guests: [
    credit.authorizeDirectBill,
    credit.authorizeCheckOut,
    accounts.lookupAccounts,
    ...histories('guests'),
    // The stay report's backfill (services/guests application/stay-report-backfill.ts).
    loyalty.stayPointsHistory,
    serviceRecovery.stayCaseHistory,
    accounts.accountReportHistory,
  ],
  accounts: [guests.lookupGuests, ...histories('accounts')],
  'service-recovery': [guests.lookupGuests],
  loyalty: [guests.lookupGuests],
  credit: [accounts.lookupAccounts],
};
