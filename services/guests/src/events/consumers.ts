import {
  accounts,
  answerDataRequests,
  dataRights,
  loyalty,
  PRODUCERS,
  serviceRecovery,
  timeline,
} from '@guest-graph/events';
import type { GuestsApp } from '../application/index.js';

/** What the guests service does with other services' events. */
export async function startConsumers(app: GuestsApp) {
  // The member tier for reporting (issue 17): an upsert that never goes back to an older tier, so a redelivery
  // or a replay changes nothing.
  await app.rt.bus.consume(loyalty.memberEnrolled, {
    name: 'member-tier-enrolled',
    handler: (tx, { data }) => app.noteMemberTier(tx, data.guestId, 'MEMBER', data.enrolledAt),
  });
  await app.rt.bus.consume(loyalty.tierChanged, {
    name: 'member-tier-changed',
    handler: (tx, { data }) => app.noteMemberTier(tx, data.guestId, data.to, data.changedAt),
  });
  // The reporting copy behind staysForExport: points, cases and accounts as their services tell them. Each fact
  // is kept under its own key (ledger entry, case, account), so a redelivery, a replay or any order of arrival
  // ends in the same copy.
  await app.rt.bus.consume(timeline.timelineNoted.loyalty, {
    name: 'stay-report-points',
    batch: 50,
    handler: (tx, { data }) => app.noteStayPoints(tx, data.entries),
  });
  await app.rt.bus.consume(serviceRecovery.caseOpened, {
    name: 'stay-report-cases',
    handler: (tx, { data }) =>
      app.noteStayCase(tx, {
        caseId: data.caseId,
        stayId: data.stayId,
        category: data.category,
        severity: data.severity,
        department: data.department,
        openedAt: data.openedAt,
      }),
  });
  await app.rt.bus.consume(accounts.accountCreated, {
    name: 'stay-report-account-created',
    handler: (tx, { data }) =>
      app.noteAccountReport(tx, { accountId: data.accountId, grade: data.grade, type: data.type, at: data.createdAt }),
  });
  await app.rt.bus.consume(accounts.accountUpdated, {
    name: 'stay-report-account-updated',
    handler: (tx, { data }) =>
      app.noteAccountReport(tx, { accountId: data.accountId, grade: data.grade, type: data.type, at: data.updatedAt }),
  });
  // The inbox and unique(case_id) make a redelivered complaint leave one call.
  await app.rt.bus.consume(serviceRecovery.caseOpened, {
    name: 'complaint-follow-up',
    handler: (tx, event) =>
      app.followUpComplaint(tx, {
        caseId: event.data.caseId,
        guestId: event.data.guestId,
        openedAt: new Date(event.data.openedAt),
      }),
  });
  // A hotel event's service notes become its guests' preferences; the inbox stops a redelivery, and the
  // (note, guest) key a replay under another event id.
  await app.rt.bus.consume(accounts.hotelEventNotesShared, {
    name: 'hotel-event-notes',
    handler: (tx, event) => app.recordEventNotes(tx, event.data, event.requestId),
  });
  // Lines the other services noted about guests; keys make a redelivery, a replay or a backfill file once.
  for (const source of ['accounts', 'service-recovery', 'loyalty', 'credit'] as const)
    await app.rt.bus.consume(timeline.timelineNoted[source], {
      name: `timeline-${source}`,
      batch: 50,
      handler: async (tx, event) => {
        await app.fileNotedLines(tx, source, event.data.entries);
      },
    });
  // Guests answers its own part of a data request like any other service, through its outbox.
  await answerDataRequests(app.rt.bus, 'guests', app.guestsPart, () => app.rt.clock.now());
  for (const service of PRODUCERS)
    await app.rt.bus.consume(dataRights.dataRequestAnswered[service], {
      name: `data-request-answers-${service}`,
      handler: (tx, event) => app.recordDataRequestAnswer(tx, event.data),
    });
}
