import type { Runtime } from '@guest-graph/subgraph-kit';
import { releaseAbandonedHolds } from '../application/abandoned-holds.js';
import { runCollection } from '../application/collection-job.js';
import type { App } from '../application/index.js';

export function startJobs(rt: Runtime, app: App) {
  // Hourly by default: stages move by whole days, and a run that finds nothing to do costs three reads.
  rt.schedule('credit-collection', app.collectionEveryMs, () => runCollection(app, app.clock.today(), app.policy));
  rt.schedule('credit-abandoned-holds', 5 * 60_000, () => releaseAbandonedHolds(app, app.authorizationWindowMs));
}
