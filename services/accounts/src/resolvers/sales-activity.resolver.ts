import { badInput, guarded, parseInput, type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { SALES_ROLES } from '../domain/access.js';
import { salesActivityInput } from '../domain/sales-activity.js';
import type { AccountRow } from '../persistence/account.repository.js';
import type { ActivityRow } from '../persistence/sales-work.repository.js';
import { actorOf } from './actor.js';
import { accountLoader, activitiesLoader } from './loaders.js';

export function salesActivityResolvers(app: App) {
  return {
    Account: {
      activities: guarded(SALES_ROLES, async (a: AccountRow, args: { first?: number | null }, ctx: RequestContext) => {
        const first = args.first ?? 20;
        if (first < 1 || first > 200) throw badInput('first', 'first must be 1 to 200');
        return (await activitiesLoader(app, ctx, first, null).load(a.id)).slice(0, first);
      }),
    },
    SalesActivity: {
      account: (s: ActivityRow, _: unknown, ctx: RequestContext) => accountLoader(app, ctx).load(s.accountId),
    },
    Query: {
      salesFollowUpsDue: (_: unknown, args: { ownerId?: string | null }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return app.salesFollowUpsDue(args.ownerId ?? null);
      },
    },
    Mutation: {
      recordSalesActivity: (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return app.recordSalesActivity(parseInput(salesActivityInput, args.input), actorOf(ctx));
      },
    },
  };
}
