import { serviceRecovery } from '@guest-graph/events';
import { answerTimelineHistory, type Runtime } from '@guest-graph/subgraph-kit';
import { history, stayCaseHistory } from '../application/timeline.js';

/** The timeline backfill's question (service recovery's lines about guests) and the stay report backfill's (guests). */
export function startResponders(rt: Runtime) {
  answerTimelineHistory(rt, (subject, after, limit) => history(rt, subject, after, limit));
  rt.bus.respond(serviceRecovery.stayCaseHistory, ({ after, limit }) => stayCaseHistory(rt, after, limit));
}
