import { answerTimelineHistory, type Runtime } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { history } from '../application/timeline.js';

/** The timeline backfill's question: loyalty's lines about guests. */
export function startResponders(rt: Runtime, app: App) {
  answerTimelineHistory(rt, (subject, after, limit) => history(app, subject, after, limit));
}
