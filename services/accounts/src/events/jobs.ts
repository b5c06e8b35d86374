import type { Runtime } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';

export function startJobs(rt: Pick<Runtime, 'schedule'>, app: App) {
  rt.schedule('contract-expiry', 15 * 60_000, () => app.expireContracts());
}
