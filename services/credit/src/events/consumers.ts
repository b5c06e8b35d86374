import { answerDataRequests, credit, guests, serviceRecovery } from '@guest-graph/events';
import { authorizeCheckOut, authorizeDirectBill } from '../application/direct-bill.js';
import { guestDataPart } from '../application/guest-data.js';
import type { App } from '../application/index.js';
import { closeStays, creditForCase, holdAtCheckIn, releaseAbandonedCheckIn } from '../application/stay-billing.js';

/** What credit listens to and answers. Every effect commits with its inbox row (applied once). */
export async function startConsumers(app: App) {
  app.bus.respond(credit.authorizeDirectBill, (q, asked) => authorizeDirectBill(app, q, asked));
  app.bus.respond(credit.authorizeCheckOut, (q) => authorizeCheckOut(app, q));
  await app.bus.consume(guests.stayCheckedIn, {
    name: 'stay-checked-in',
    batch: 100,
    handler: (tx, { data }) => holdAtCheckIn(tx, data),
  });
  await app.bus.consume(guests.stayCheckInAbandoned, {
    name: 'stay-check-in-abandoned',
    handler: (tx, { data }) => releaseAbandonedCheckIn(tx, data),
  });
  // One path for one check-out and for a backlog taken many to a transaction.
  await app.bus.consume(guests.stayCheckedOut, {
    name: 'stay-checked-out',
    batch: 200,
    handleMany: (tx, events) =>
      closeStays(
        app,
        tx,
        events.map((e) => e.data),
      ),
  });
  await app.bus.consume(serviceRecovery.caseResolved, {
    name: 'case-resolved',
    handler: (tx, { data }) => creditForCase(app, tx, data),
  });
  await answerDataRequests(app.bus, 'credit', guestDataPart, () => app.clock.now());
}
