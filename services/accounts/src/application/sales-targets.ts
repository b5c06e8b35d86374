import { randomUUID } from 'node:crypto';
import { isUuid, notFound, type Runtime } from '@guest-graph/subgraph-kit';
import { type SalesTargetInput, targetPeriod } from '../domain/sales-target.js';
import { accountExists } from '../persistence/account.repository.js';
import { type TargetRow, targetsWhere, upsertTarget } from '../persistence/sales-target.repository.js';

/** Sales targets (销售目标): revenue and room nights for a sales person or an account over a period. */
export function salesTargets(rt: Runtime) {
  return {
    salesTargets(f: Parameters<typeof targetsWhere>[1]): Promise<TargetRow[]> {
      // An empty id is no account either (it would reach Postgres as an invalid uuid).
      if (f.accountId != null && !isUuid(f.accountId)) return Promise.resolve([]);
      return targetsWhere(rt.dataSource, f);
    },

    async setSalesTarget(input: SalesTargetInput): Promise<TargetRow> {
      const period = targetPeriod(input);
      if (input.accountId && !(await accountExists(rt.dataSource, input.accountId)))
        throw notFound('Account', input.accountId);
      return upsertTarget(
        rt.dataSource,
        {
          id: randomUUID(),
          ownerId: input.ownerId ?? null,
          accountId: input.accountId ?? null,
          clientGrade: input.grade ?? null,
          clientType: input.accountType ?? null,
          periodKind: period.kind,
          periodStart: period.start,
          periodEnd: period.end,
          revenueTarget: input.revenueTarget ?? null,
          roomNightTarget: input.roomNightTarget ?? null,
        },
        rt.clock.now(),
      );
    },
  };
}
