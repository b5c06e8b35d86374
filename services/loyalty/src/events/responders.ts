import { loyalty } from '@guest-graph/events';
import { answerTimelineHistory, type Runtime } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { history, stayPointsHistory } from '../application/timeline.js';

/** The timeline backfill's question (loyalty's lines about guests) and the stay report backfill's (guests). */
export function startResponders(rt: Runtime, app: App) {
  answerTimelineHistory(rt, (subject, after, limit) => history(app, subject, after, limit));
  rt.bus.respond(loyalty.stayPointsHistory, ({ after, limit }) => stayPointsHistory(app, after, limit));
}
