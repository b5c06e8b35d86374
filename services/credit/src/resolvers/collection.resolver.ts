import { settingsOf } from '@guest-graph/config';
import {
  badInput,
  daysBetween,
  guarded,
  isUuid,
  isValidDate,
  notFound,
  parseInput,
  type Runtime,
  toCents,
} from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { agingOf } from '../domain/aging.js';
import { collectionPolicyFrom } from '../domain/collection-stage.js';
import { reasonInput } from '../domain/credit-terms.js';
import { lockAccount } from '../persistence/credit-ledger.repository.js';
import { runCollection } from '../workflows/collection-job.js';
import { assertKnownAccount } from '../workflows/credit-terms.js';
import { disputeInvoice, settleDispute } from '../workflows/receivables.js';
import { openBalancesByDueDate, PROMISE_COLUMNS } from './credit-detail.resolver.js';
import { INVOICE_COLUMNS } from './receivables.resolver.js';
import { CREDIT_OFFICERS } from './roles.js';

const disputeArgs = z.object({ reason: reasonInput });
const settleArgs = z.object({ resolution: reasonInput });
const promiseArgs = z.object({
  amount: z.string().refine((v) => toCents(v) > 0n, 'must be more than zero'),
  note: z.string().trim().max(1000).nullish(),
});

export const collectionResolvers = (rt: Runtime) => {
  const today = () => rt.clock.today();
  const policy = collectionPolicyFrom(settingsOf('credit', rt.env).CREDIT_COLLECTION_DAYS);
  const readInvoice = async (id: string) =>
    (await rt.dataSource.query(`SELECT ${INVOICE_COLUMNS} FROM credit.invoice WHERE id = $1`, [id]))[0];
  return {
    Query: {
      creditAging: guarded(
        CREDIT_OFFICERS,
        async (_: unknown, { asOf, first }: { asOf?: string | null; first?: number | null }) => {
          const on = asOf ?? today();
          const rows = await openBalancesByDueDate(rt, null);
          const perAccount = new Map<string, { dueOn: string; balance: string }[]>();
          for (const r of rows) perAccount.set(r.accountId, [...(perAccount.get(r.accountId) ?? []), r]);
          const accounts = [...perAccount].map(([accountId, list]) => ({ accountId, aging: agingOf(list, on) }));
          accounts.sort((a, b) => {
            const d = toCents(b.aging.total) - toCents(a.aging.total);
            return d > 0n ? 1 : d < 0n ? -1 : a.accountId.localeCompare(b.accountId);
          });
          const shown = Math.max(0, Math.min(first ?? 100, 1000));
          return { asOf: on, totals: agingOf(rows, on), accounts: accounts.slice(0, shown) };
        },
      ),
    },
    Mutation: {
      disputeInvoice: guarded(CREDIT_OFFICERS, async (_: unknown, args: { invoiceId: string; reason: string }) => {
        const { reason } = parseInput(disputeArgs, args, '');
        if (!isUuid(args.invoiceId)) throw notFound('Invoice', args.invoiceId);
        await rt.bus.transact((tx) => disputeInvoice(tx, args.invoiceId, reason, rt.clock.now()));
        return readInvoice(args.invoiceId);
      }),
      settleInvoiceDispute: guarded(
        CREDIT_OFFICERS,
        async (_: unknown, args: { invoiceId: string; resolution: string; creditAmount?: string | null }) => {
          const { resolution } = parseInput(settleArgs, args, '');
          if (!isUuid(args.invoiceId)) throw notFound('Invoice', args.invoiceId);
          await rt.bus.transact((tx) =>
            settleDispute(tx, args.invoiceId, resolution, args.creditAmount ?? null, today()),
          );
          return readInvoice(args.invoiceId);
        },
      ),
      recordPaymentPromise: guarded(
        CREDIT_OFFICERS,
        async (
          _: unknown,
          args: { accountId: string; amount: string; promisedFor: string; note?: string | null },
          ctx,
        ) => {
          const input = parseInput(promiseArgs, args, '');
          if (daysBetween(today(), args.promisedFor) < 0) throw badInput('promisedFor', 'promisedFor is in the past');
          await assertKnownAccount(rt, args.accountId);
          const [row] = await rt.bus.transact(async (tx) => {
            await lockAccount(tx, args.accountId);
            return tx.query(
              `INSERT INTO credit.payment_promise (account_id, amount, promised_for, note, recorded_by, recorded_on)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${PROMISE_COLUMNS}`,
              [args.accountId, input.amount, args.promisedFor, input.note ?? null, ctx.identity.sub, today()],
            );
          });
          return row;
        },
      ),
      runCreditCollection: guarded(CREDIT_OFFICERS, (_: unknown, { asOf }: { asOf?: string | null }) => {
        if (asOf && !isValidDate(asOf)) throw badInput('asOf', 'asOf must be a date');
        return runCollection(rt, asOf ?? today(), policy);
      }),
    },
  };
};
