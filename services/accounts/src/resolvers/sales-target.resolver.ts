import { parseInput, type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { REPORT_READERS, SALES_ROLES } from '../domain/access.js';
import { progressRatio, salesTargetInput } from '../domain/sales-target.js';
import type { TargetRow } from '../persistence/sales-target.repository.js';
import { targetProductionLoader } from './loaders.js';

export function salesTargetResolvers(app: App) {
  return {
    SalesTarget: {
      grade: (t: TargetRow) => t.clientGrade ?? null,
      accountType: (t: TargetRow) => t.clientType ?? null,
      progress: async (t: TargetRow, _: unknown, ctx: RequestContext) => {
        const p = await targetProductionLoader(app, ctx).load(t.id);
        return {
          revenue: p.revenue,
          roomNights: p.roomNights,
          revenueRatio: progressRatio(p.revenue, t.revenueTarget),
          roomNightRatio: progressRatio(p.roomNights, t.roomNightTarget),
        };
      },
    },
    Query: {
      salesTargets: (
        _: unknown,
        args: {
          ownerId?: string | null;
          accountId?: string | null;
          year?: number | null;
          grade?: string | null;
          accountType?: string | null;
        },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, REPORT_READERS);
        return app.salesTargets({
          ownerId: args.ownerId ?? null,
          accountId: args.accountId ?? null,
          year: args.year ?? null,
          grade: args.grade ?? null,
          accountType: args.accountType ?? null,
        });
      },
    },
    Mutation: {
      setSalesTarget: (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        // A sales person's own target is the manager's to set; an account's target, the sales office's.
        const raw = args.input as { ownerId?: unknown };
        requireRole(ctx, raw?.ownerId ? ['MANAGER'] : SALES_ROLES);
        return app.setSalesTarget(parseInput(salesTargetInput, args.input));
      },
    },
  };
}
