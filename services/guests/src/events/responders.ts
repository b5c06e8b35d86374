import { guests as events } from '@guest-graph/events';
import { answerTimelineHistory } from '@guest-graph/subgraph-kit';
import type { GuestsApp } from '../application/index.js';

/**
 * `guests.lookup`: other services ask whether guests exist before attaching something to them (their own
 * projection may lag a registration by a moment).
 */
export function answerGuestLookups(app: GuestsApp) {
  app.rt.bus.respond(events.lookupGuests, ({ ids, stayIds }) => app.lookUpGuests(ids, stayIds));
}

/** The accounts timeline's backfill asks for the stays accounts carried; guest lines are filed here. */
export function answerTimelineHistoryQuestions(app: GuestsApp) {
  answerTimelineHistory(app.rt, (subject, after, limit) =>
    subject === 'ACCOUNT' ? app.accountTimelineHistory(after, limit) : Promise.resolve([]),
  );
}
