import type { Runtime } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';

export function startJobs(rt: Pick<Runtime, 'schedule'>, app: App) {
  rt.schedule('contract-expiry', 15 * 60_000, () => app.expireContracts());
  // Until every service's history is in (a finished run is one read per source).
  rt.schedule('timeline-backfill', 5_000, () => app.backfillTimelines());
}
