import {
  badInput,
  daysBetween,
  guarded,
  isUuid,
  isValidDate,
  notFound,
  parseInput,
  toCents,
} from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { runCollection } from '../application/collection-job.js';
import { agingReport, closeDispute, openDispute, promisePayment } from '../application/credit-file.js';
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
