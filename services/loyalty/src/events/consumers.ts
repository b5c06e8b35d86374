import { answerDataRequests, guests, serviceRecovery } from '@guest-graph/events';
import { earnForStays } from '../application/check-out-earning.js';
import { compensateForCase } from '../application/compensation.js';
import { guestDataPart } from '../application/guest-data.js';
import { foldOnMerge, restoreOnUnmerge } from '../application/guest-merge.js';
import type { App } from '../application/index.js';

/**
 * What loyalty listens to. Each handler runs in the inbox transaction (applied once per event id) and locks
 * the membership it books on, so handlers running at once never break the ledger. A stay's bonus depends on
 * the tier the guest's stays before it reached, so one guest's check-outs apply in stream order; different
 * guests' check-outs are taken several at once, in four lanes by guest, and a backlog up to 200 to a
 * transaction, earned set-wise in a few statements for the whole batch (one at a time, one commit and six
 * statements each, a busy check-out hour outran the consumer).
 * Compensation does not depend on order, so cases are taken several at once.
 */
export async function startConsumers(l: App) {
  await l.bus.consume(guests.stayCheckedOut, {
    name: 'earn-on-check-out',
    concurrency: 4,
    batch: 200,
    orderedBy: (stay) => stay.guestId,
    handleMany: (tx, events) => earnForStays(l, tx, events),
  });
  await l.bus.consume(serviceRecovery.caseResolved, {
    name: 'compensate-on-case-resolved',
    concurrency: 4,
    handler: (tx, event) => compensateForCase(l, tx, event),
  });
  await l.bus.consume(guests.guestMerged, {
    name: 'fold-on-guest-merged',
    handler: (tx, event) => foldOnMerge(l, tx, event),
  });
  await l.bus.consume(guests.guestUnmerged, {
    name: 'restore-on-guest-unmerged',
    handler: (tx, event) => restoreOnUnmerge(l, tx, event),
  });
  await answerDataRequests(l.bus, 'loyalty', guestDataPart, () => l.clock.now());
}
