import { answerTimelineHistory, type Runtime } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { history } from '../application/timeline.js';

/** The timeline backfill's question: credit's lines about accounts and guests. */
export function startResponders(rt: Runtime, app: App) {
  answerTimelineHistory(rt, (subject, after, limit) => history(app, subject, after, limit));
}
