import { type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { REPORT_READERS, SALES_ROLES } from '../domain/access.js';
import { primeAccounts } from './loaders.js';

export function contactCadenceResolvers(app: App) {
  return {
    Query: {
      accountsDueForContact: async (_: unknown, args: { ownerId?: string | null }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const due = await app.accountsDueForContact(args.ownerId ?? null);
        primeAccounts(
          app,
          ctx,
          due.map((d) => d.account),
        );
        return due.map(({ account, due }) => ({
          account,
          grade: account.grade,
          cadenceDays: due.cadenceDays,
          lastContactAt: account.lastContactAt,
          dueOn: due.dueOn,
          daysOverdue: due.daysOverdue,
        }));
      },
      accountCadenceCompliance: (_: unknown, args: { ownerId?: string | null }, ctx: RequestContext) => {
        requireRole(ctx, REPORT_READERS);
        return app.accountCadenceCompliance(args.ownerId ?? null);
      },
    },
  };
}
