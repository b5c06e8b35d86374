import type { Runtime } from '@guest-graph/subgraph-kit';
import { expireContracts } from '../persistence/sales-work.repository.js';

/** Contracts past their last day become EXPIRED. Runs for the runtime's clock; running it twice changes nothing. */
export const runContractExpiry = (rt: Runtime) => {
  const now = rt.clock.now();
  return expireContracts(rt.dataSource, rt.clock.dateOf(now), now);
};

export function startJobs(rt: Runtime) {
  rt.schedule('contract-expiry', 15 * 60_000, () => runContractExpiry(rt));
}
