import { answerDataRequests, accounts as catalogue, type EventBus, guests } from '@guest-graph/events';
import { guestDataPart } from '../application/guest-data.js';
import type { App } from '../application/index.js';

/** Check-outs become production; guest merges move account links. Each message is one call to the application. */
export async function startConsumers(bus: EventBus, app: App) {
  await bus.consume(guests.stayCheckedOut, {
    name: 'production',
    batch: 200,
    handleMany: async (tx, events) => {
      await app.recordCheckOuts(
        tx,
        events.map((e) => e.data),
      );
    },
  });
  await bus.consume(guests.guestMerged, {
    name: 'guest-merged',
    handler: (tx, e) => app.applyGuestMerge(tx, e.data, app.clock.now()),
  });
  await bus.consume(guests.guestUnmerged, {
    name: 'guest-unmerged',
    handler: (tx, e) => app.undoGuestMerge(tx, e.data.mergeId, app.clock.now()),
  });
  await answerDataRequests(bus, 'accounts', guestDataPart, () => app.clock.now());
}

/** "Do these accounts exist?" (credit before setting terms; guests for a check-in's account). */
export function startResponders(bus: EventBus, app: App) {
  bus.respond(catalogue.lookupAccounts, async ({ ids }) => ({ accounts: await app.lookupAccounts(ids) }));
}
