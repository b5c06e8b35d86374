import { answerDataRequests, guests, loyalty } from '@guest-graph/events';
import { guestDataPart } from '../application/guest-data.js';
import {
  foldOnMerge,
  recordCheckIns,
  recordCheckOuts,
  restoreOnUnmerge,
  tierOnChange,
  tierOnEnrolment,
} from '../application/guest-facts.js';
import type { App } from '../application/index.js';

/** What service-recovery listens to: each handler hands the event to a use case. */
export async function startConsumers(app: App) {
  // Stay events one at a time or a backlog up to 100 to a transaction, in a statement or two either way.
  await app.rt.bus.consume(guests.stayCheckedIn, {
    name: 'stay-checked-in',
    batch: 100,
    handleMany: (tx, events) =>
      recordCheckIns(
        app,
        tx,
        events.map((e) => e.data),
      ),
  });
  // A stay's row and survey depend on no other stay's: a backlog goes three lanes at once.
  await app.rt.bus.consume(guests.stayCheckedOut, {
    name: 'stay-checked-out',
    concurrency: 3,
    batch: 100,
    handleMany: (tx, events) =>
      recordCheckOuts(
        app,
        tx,
        events.map((e) => e.data),
      ),
  });
  await app.rt.bus.consume(guests.guestMerged, {
    name: 'guest-merged',
    handler: (tx, { data }) => foldOnMerge(tx, data),
  });
  await app.rt.bus.consume(guests.guestUnmerged, {
    name: 'guest-unmerged',
    handler: (tx, { data }) => restoreOnUnmerge(tx, data),
  });
  await app.rt.bus.consume(loyalty.memberEnrolled, {
    name: 'member-enrolled',
    handler: (tx, { data }) => tierOnEnrolment(tx, data),
  });
  await app.rt.bus.consume(loyalty.tierChanged, {
    name: 'tier-changed',
    handler: (tx, { data }) => tierOnChange(tx, data),
  });
  await answerDataRequests(app.rt.bus, 'service-recovery', guestDataPart, () => app.rt.clock.now());
}
