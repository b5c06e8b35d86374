import { guarded, pageOf, pageSize, parseInput, type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { SALES_ROLES } from '../domain/access.js';
import { salesActivityInput } from '../domain/sales-activity.js';
import type { AccountRow } from '../persistence/account.repository.js';
import type { ActivityRow } from '../persistence/sales-activity.repository.js';
import { actorOf } from './actor.js';
import { afterFollowUp, afterTime, followUpCursor, timeCursor } from './cursors.js';
import { accountLoader, activitiesLoader } from './loaders.js';

/** The most activities a page holds. */
const MAX_ACTIVITIES = 200;

export function salesActivityResolvers(app: App) {
  return {
    Account: {
      activities: guarded(
        SALES_ROLES,
        async (a: AccountRow, args: { first?: number | null; after?: string | null }, ctx: RequestContext) => {
          const first = pageSize(args.first, { max: MAX_ACTIVITIES, fallback: 20 });
          const after = afterTime('activities', args.after);
          const rows = await activitiesLoader(app, ctx, first, after && { occurredAt: after.at, id: after.id }).load(
            a.id,
          );
          return pageOf(rows, first, (r) => timeCursor('activities', r.sortKey, r.id));
        },
      ),
    },
    SalesActivity: {
      account: (s: ActivityRow, _: unknown, ctx: RequestContext) => accountLoader(app, ctx).load(s.accountId),
    },
    Query: {
      salesFollowUpsDue: async (
        _: unknown,
        args: { ownerId?: string | null; first?: number | null; after?: string | null },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, SALES_ROLES);
        const first = pageSize(args.first, { max: MAX_ACTIVITIES, fallback: 50 });
        const after = afterFollowUp(args.after);
        const rows = await app.salesFollowUpsDue(
          args.ownerId ?? null,
          first,
          after && { nextStepOn: after.nextStepOn, occurredAt: after.at, id: after.id },
        );
        return pageOf(rows, first, (r) => followUpCursor(r.nextStepOn!, r.sortKey, r.id));
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
