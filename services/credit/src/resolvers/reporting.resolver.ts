import { guarded } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { invoicesChangedPage, ledgerChangedPage } from '../application/reporting.js';
import { CREDIT_OFFICERS } from '../domain/access.js';

type ChangedArgs = { changedSince?: string | null; first?: number | null; after?: string | null };

export const reportingResolvers = (app: App) => ({
  Query: {
    invoicesChanged: guarded(CREDIT_OFFICERS, (_: unknown, a: ChangedArgs) =>
      invoicesChangedPage(app, a.changedSince ?? null, a.first, a.after),
    ),
    creditLedgerChanged: guarded(CREDIT_OFFICERS, (_: unknown, a: ChangedArgs) =>
      ledgerChangedPage(app, a.changedSince ?? null, a.first, a.after),
    ),
  },
});
