import { accounts as catalogue } from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';
import { activeSince, STATUSES_THAT_SLEEP } from '../domain/dormancy.js';
import { markDormant } from '../persistence/account.repository.js';

/**
 * The dormancy job (seed 004, issue 23): accounts quiet for `afterDays` become DORMANT, each with its
 * account.updated, in one transaction. Scheduled once across instances (`rt.schedule`); for any date.
 */
export function dormancy(rt: Runtime, afterDays: number) {
  return {
    async putDormantAccountsToSleep(): Promise<number> {
      const now = rt.clock.now();
      const since = activeSince(rt.clock.dateOf(now), afterDays);
      return rt.bus.transact(async (tx) => {
        const slept = await markDormant(tx, since, rt.clock.startOfDay(since), STATUSES_THAT_SLEEP, now);
        for (const a of slept)
          await rt.bus.emit(tx, catalogue.accountUpdated, {
            accountId: a.id,
            changedFields: ['status'],
            name: a.name,
            grade: a.grade,
            status: a.status,
            type: a.type,
            updatedAt: now.toISOString(),
          });
        return slept.length;
      });
    },
  };
}
