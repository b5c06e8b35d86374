import {
  badInput,
  daysBetween,
  groupByKey,
  guarded,
  isUuid,
  type RequestContext,
  type Runtime,
} from '@guest-graph/subgraph-kit';
import { assertKnownAccount } from '../workflows/credit-terms.js';
import { recordPayment } from '../workflows/receivables.js';
import { CREDIT_OFFICERS } from './roles.js';

export const INVOICE_COLUMNS = `id, number::int AS number, account_id AS "accountId", stay_id AS "stayId",
  guest_id AS "guestId", amount::text AS amount, balance::text AS balance,
  CASE WHEN balance = 0 THEN 'PAID' ELSE 'OPEN' END AS status,
  to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(due_on, 'YYYY-MM-DD') AS "dueOn",
  to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", disputed, dispute_reason AS "disputeReason",
  collection_stage AS "collectionStage"`;

export const PAYMENT_COLUMNS = `id, account_id AS "accountId", amount::text AS amount, unapplied::text AS unapplied,
  to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", reference, recorded_by AS "recordedBy"`;

const allocationsLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, { invoiceId: string; amount: string }[]>('payment-allocations', async (ids) => {
    const rows: { paymentId: string; invoiceId: string; amount: string }[] = await rt.dataSource.query(
      `SELECT payment_id AS "paymentId", invoice_id AS "invoiceId", amount::text AS amount
         FROM credit.allocation WHERE payment_id = ANY($1::uuid[]) ORDER BY seq`,
      [ids],
    );
    return groupByKey(ids, rows, (r) => r.paymentId);
  });

export const receivablesResolvers = (rt: Runtime) => ({
  Query: {
    invoice: guarded(CREDIT_OFFICERS, async (_: unknown, { id }: { id: string }) => {
      if (!isUuid(id)) return null;
      const [inv] = await rt.dataSource.query(`SELECT ${INVOICE_COLUMNS} FROM credit.invoice WHERE id = $1`, [id]);
      return inv ?? null;
    }),
  },
  Mutation: {
    recordPayment: guarded(
      CREDIT_OFFICERS,
      async (
        _: unknown,
        args: {
          accountId: string;
          amount: string;
          receivedOn?: string | null;
          reference?: string | null;
          invoiceIds?: string[] | null;
        },
        ctx,
      ) => {
        args.invoiceIds?.forEach((id, i) => {
          if (!isUuid(id)) throw badInput(`invoiceIds.${i}`, `${id} is not an invoice id`);
        });
        if (args.reference && args.reference.length > 200) throw badInput('reference', 'reference is too long');
        if (args.receivedOn && daysBetween(rt.clock.today(), args.receivedOn) > 0)
          throw badInput('receivedOn', 'receivedOn is in the future');
        await assertKnownAccount(rt, args.accountId);
        const paymentId = await rt.bus.transact((tx) =>
          recordPayment(tx, {
            accountId: args.accountId,
            amount: args.amount,
            receivedOn: args.receivedOn ?? rt.clock.today(),
            reference: args.reference ?? null,
            invoiceIds: args.invoiceIds ?? null,
            recordedBy: ctx.identity.sub,
          }),
        );
        const [payment] = await rt.dataSource.query(`SELECT ${PAYMENT_COLUMNS} FROM credit.payment WHERE id = $1`, [
          paymentId,
        ]);
        return payment;
      },
    ),
  },
  Payment: {
    allocations: (p: { id: string }, _: unknown, ctx: RequestContext) => allocationsLoader(rt, ctx).load(p.id),
  },
});
