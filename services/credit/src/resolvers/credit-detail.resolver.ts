import { daysBetween, guarded } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { CREDIT_OFFICERS } from '../domain/access.js';
import type { CreditStanding } from '../domain/credit-standing.js';
import { ACCOUNT_LISTS } from '../persistence/credit-file.repository.js';
import { loaders } from './loaders.js';

const MAX_PAGE = 200;
const page = (first: number | null | undefined) => Math.max(0, Math.min(first ?? 50, MAX_PAGE));

export const creditDetailResolvers = (app: App) => {
  const today = () => app.clock.today();
  return {
    CreditStanding: {
      aging: guarded(CREDIT_OFFICERS, (s: CreditStanding, { asOf }: { asOf?: string | null }, ctx) =>
        loaders(app, ctx)
          .aging(asOf ?? today())
          .load(s.accountId),
      ),
      termsHistory: guarded(CREDIT_OFFICERS, (s: CreditStanding, _: unknown, ctx) =>
        loaders(app, ctx).list('terms-history', ACCOUNT_LISTS.termsHistory, MAX_PAGE).load(s.accountId),
      ),
      information: guarded(CREDIT_OFFICERS, (s: CreditStanding, _: unknown, ctx) =>
        loaders(app, ctx).information.load(s.accountId),
      ),
      invoices: guarded(
        CREDIT_OFFICERS,
        (s: CreditStanding, args: { openOnly?: boolean | null; first?: number | null }, ctx) =>
          loaders(app, ctx)
            .list('invoices', ACCOUNT_LISTS.invoices, page(args.first), !!args.openOnly)
            .load(s.accountId),
      ),
      payments: guarded(CREDIT_OFFICERS, (s: CreditStanding, args: { first?: number | null }, ctx) =>
        loaders(app, ctx).list('payments', ACCOUNT_LISTS.payments, page(args.first)).load(s.accountId),
      ),
      creditNotes: guarded(CREDIT_OFFICERS, (s: CreditStanding, args: { first?: number | null }, ctx) =>
        loaders(app, ctx).list('credit-notes', ACCOUNT_LISTS.creditNotes, page(args.first)).load(s.accountId),
      ),
      paymentPromises: guarded(CREDIT_OFFICERS, (s: CreditStanding, args: { first?: number | null }, ctx) =>
        loaders(app, ctx).list('promises', ACCOUNT_LISTS.paymentPromises, page(args.first)).load(s.accountId),
      ),
      collectionLog: guarded(CREDIT_OFFICERS, (s: CreditStanding, args: { first?: number | null }, ctx) =>
        loaders(app, ctx).list('collection-log', ACCOUNT_LISTS.collectionLog, page(args.first)).load(s.accountId),
      ),
    },
    Invoice: {
      daysPastDue: (inv: { dueOn: string }) => daysBetween(inv.dueOn, today()),
    },
  };
};
