import { answerTimelineHistory, type Runtime } from '@guest-graph/subgraph-kit';
import { history } from '../application/timeline.js';

/** The timeline backfill's question: service recovery's lines about guests. */
export function startResponders(rt: Runtime) {
  answerTimelineHistory(rt, (subject, after, limit) => history(rt, subject, after, limit));
}
