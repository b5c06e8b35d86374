import { guarded, type RequestContext } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { REPORT_READERS } from '../domain/access.js';
import type { AccountChangeRow } from '../persistence/reporting.repository.js';
import { primeAccounts } from './loaders.js';

export function reportingResolvers(app: App) {
  return {
    Query: {
      accountsChanged: guarded(
        REPORT_READERS,
        async (
          _: unknown,
          args: { changedSince?: string | null; first?: number | null; after?: string | null },
          ctx: RequestContext,
        ) => {
          const page = await app.accountsChangedPage(args.changedSince ?? null, args.first, args.after);
          primeAccounts(
            app,
            ctx,
            page.edges.map((e) => e.node),
          );
          return page;
        },
      ),
      productionByAccountGrade: guarded(REPORT_READERS, (_: unknown, args: { from: string; to: string }) =>
        app.productionByGrade(args.from, args.to),
      ),
    },
    AccountChange: {
      accountId: (r: AccountChangeRow) => r.id,
      account: (r: AccountChangeRow) => r,
    },
  };
}
