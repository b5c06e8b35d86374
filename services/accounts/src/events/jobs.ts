import type { Runtime } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';

export function startJobs(rt: Pick<Runtime, 'schedule'>, app: App) {
  rt.schedule('contract-expiry', 15 * 60_000, () => app.expireContracts());
  // Once across instances per interval (the scheduled_job slot); the UPDATE's condition makes a rerun a no-op.
  rt.schedule('dormant-accounts', app.dormancyEveryMs, () => app.putDormantAccountsToSleep());
}
