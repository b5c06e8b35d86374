import { answerDataRequests, dataRights, PRODUCERS, serviceRecovery } from '@guest-graph/events';
import type { GuestsApp } from '../application/index.js';

/** What the guests service does with other services' events. */
export async function startConsumers(app: GuestsApp) {
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
  // Guests answers its own part of a data request like any other service, through its outbox.
  await answerDataRequests(app.rt.bus, 'guests', app.guestsPart, () => app.rt.clock.now());
  for (const service of PRODUCERS)
    await app.rt.bus.consume(dataRights.dataRequestAnswered[service], {
      name: `data-request-answers-${service}`,
      handler: (tx, event) => app.recordDataRequestAnswer(tx, event.data),
    });
}
