import { keepBackfilling, type Runtime } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';

export function startJobs(rt: Runtime, app: App) {
  rt.schedule('contract-expiry', 15 * 60_000, () => app.expireContracts());
  keepBackfilling(rt, () => app.backfillTimelines());
  // Once across instances per interval (the scheduled_job slot); the UPDATE's condition makes a rerun a no-op.
  rt.schedule('dormant-accounts', app.dormancyEveryMs, () => app.putDormantAccountsToSleep());
}
