import {
  badInput,
  daysBetween,
  decodeCursor,
  guarded,
  isUuid,
  isValidDate,
  notFound,
  pageSize,
  parseInput,
  toCents,
} from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { runCollection } from '../application/collection-job.js';
import {
  type AgingKey,
  agingAccountsPage,
  agingReport,
  closeDispute,
  openDispute,
  promisePayment,
} from '../application/credit-file.js';
import type { App } from '../application/index.js';
import { CREDIT_OFFICERS } from '../domain/access.js';
import { reasonInput } from '../domain/credit-terms.js';

const disputeArgs = z.object({ reason: reasonInput });
const settleArgs = z.object({ resolution: reasonInput });
const promiseArgs = z.object({
  amount: z.string().refine((v) => toCents(v) > 0n, 'must be more than zero'),
  note: z.string().trim().max(1000).nullish(),
});

export const collectionResolvers = (app: App) => {
  const today = () => app.clock.today();
  return {
    Query: {
      creditAging: guarded(
        CREDIT_OFFICERS,
        (_: unknown, { asOf, first }: { asOf?: string | null; first?: number | null }) =>
          agingReport(app, asOf ?? today(), Math.max(0, Math.min(first ?? 100, 1000))),
      ),
    },
    CreditPortfolioAging: {
      accountsConnection: (
        parent: Awaited<ReturnType<typeof agingReport>>,
        args: { first?: number | null; after?: string | null },
      ) =>
        agingAccountsPage(
          parent.ranked,
          pageSize(args.first, { max: AGING_PAGE_MAX, fallback: 100 }),
          args.after ? agingCursor(args.after) : null,
        ),
    },
    CreditAccountAging: {
      // The accounts service answers the rest (its name, for a receivables list people can read).
      account: (row: { accountId: string }) => ({ id: row.accountId }),
    },
    Mutation: {
      disputeInvoice: guarded(CREDIT_OFFICERS, (_: unknown, args: { invoiceId: string; reason: string }) => {
        const { reason } = parseInput(disputeArgs, args, '');
        if (!isUuid(args.invoiceId)) throw notFound('Invoice', args.invoiceId);
        return openDispute(app, args.invoiceId, reason);
      }),
      settleInvoiceDispute: guarded(
        CREDIT_OFFICERS,
        (_: unknown, args: { invoiceId: string; resolution: string; creditAmount?: string | null }) => {
          const { resolution } = parseInput(settleArgs, args, '');
          if (!isUuid(args.invoiceId)) throw notFound('Invoice', args.invoiceId);
          return closeDispute(app, args.invoiceId, resolution, args.creditAmount ?? null);
        },
      ),
      recordPaymentPromise: guarded(
        CREDIT_OFFICERS,
        (_: unknown, args: { accountId: string; amount: string; promisedFor: string; note?: string | null }, ctx) => {
          const input = parseInput(promiseArgs, args, '');
          if (daysBetween(today(), args.promisedFor) < 0) throw badInput('promisedFor', 'promisedFor is in the past');
          return promisePayment(app, {
            accountId: args.accountId,
            amount: input.amount,
            promisedFor: args.promisedFor,
            note: input.note ?? null,
            recordedBy: ctx.identity.sub,
          });
        },
      ),
      runCreditCollection: guarded(CREDIT_OFFICERS, (_: unknown, { asOf }: { asOf?: string | null }) => {
        if (asOf && !isValidDate(asOf)) throw badInput('asOf', 'asOf must be a date');
        return runCollection(app, asOf ?? today(), app.policy);
      }),
    },
  };
};

/** The documented maximum page size of CreditPortfolioAging.accountsConnection. */
const AGING_PAGE_MAX = 500;

/** A cursor of the aging ranking: [total in cents, account id]; anything else is BAD_USER_INPUT on after. */
function agingCursor(cursor: string): AgingKey {
  const [cents, id, ...more] = decodeCursor(cursor);
  if (typeof cents !== 'string' || !/^-?\d{1,18}$/.test(cents) || typeof id !== 'string' || more.length)
    throw badInput('after', 'after is not a cursor of this list');
  return [BigInt(cents), id];
}
