import { guests as events } from '@guest-graph/events';
import type { GuestsApp } from '../application/index.js';

/**
 * `guests.lookup`: other services ask whether guests exist before attaching something to them (their own
 * projection may lag a registration by a moment).
 */
export function answerGuestLookups(app: GuestsApp) {
  app.rt.bus.respond(events.lookupGuests, ({ ids, stayIds }) => app.lookUpGuests(ids, stayIds));
}
