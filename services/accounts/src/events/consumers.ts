import { answerDataRequests, accounts as catalogue, type EventBus, guests, timeline } from '@guest-graph/events';
import { guestDataPart } from '../application/guest-data.js';
import type { App } from '../application/index.js';

/** Check-outs become production; guest merges move account links and event attendees. Each message is one call to the application. */
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
  // Event attendees follow merges too (their own consumers: the links' and the attendees' are separate facts).
  await bus.consume(guests.guestMerged, {
    name: 'event-attendees-merged',
    handler: (tx, e) => app.moveAttendeesOnMerge(tx, e.data),
  });
  await bus.consume(guests.guestUnmerged, {
    name: 'event-attendees-unmerged',
    handler: (tx, e) => app.restoreAttendeesOnUnmerge(tx, e.data),
  });
  // Lines other services noted about accounts; keys make a redelivery, a replay or a backfill file once.
  for (const source of ['guests', 'credit'] as const)
    await bus.consume(timeline.timelineNoted[source], {
      name: `timeline-${source}`,
      batch: 50,
      handler: async (tx, e) => {
        await app.fileNotedLines(tx, source, e.data.entries);
      },
    });
  await answerDataRequests(bus, 'accounts', guestDataPart, () => app.clock.now());
}

/** "Do these accounts exist?" (credit before setting terms; guests for a check-in's account). */
export function startResponders(bus: EventBus, app: App) {
  bus.respond(catalogue.lookupAccounts, async ({ ids }) => ({ accounts: await app.lookupAccounts(ids) }));
  bus.respond(timeline.timelineHistory.accounts, async ({ subject, after, limit }) => {
    const entries = await app.timelineHistory(subject, after, limit);
    return { entries, next: entries.length === limit ? (entries.at(-1)?.key ?? null) : null };
  });
  bus.respond(catalogue.accountReportHistory, ({ after, limit }) => app.accountReportHistory(after, limit));
}
