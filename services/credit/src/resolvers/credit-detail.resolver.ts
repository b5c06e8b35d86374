import { daysBetween, groupByKey, guarded, isUuid, type RequestContext, type Runtime } from '@guest-graph/subgraph-kit';
import { agingOf } from '../domain/aging.js';
import type { CreditStanding } from '../domain/credit-standing.js';
import { INVOICE_COLUMNS, PAYMENT_COLUMNS } from './receivables.resolver.js';
import { CREDIT_OFFICERS } from './roles.js';

const MAX_PAGE = 200;
const page = (first: number | null | undefined) => Math.max(0, Math.min(first ?? 50, MAX_PAGE));

/**
 * A per-account list, newest first, for every account in the request at once: one statement per list per
 * request, whatever the number of accounts (row_number keeps `first` per account).
 */
function listLoader<R extends { accountId: string }>(
  rt: Runtime,
  ctx: RequestContext,
  name: string,
  select: string,
  from: string,
  order: string,
  first: number,
  where = 'true',
) {
  return ctx.loaders.for<string, R[]>(`${name}:${first}:${where}`, async (ids) => {
    const rows: R[] = await rt.dataSource.query(
      `SELECT * FROM (
         SELECT ${select}, row_number() OVER (PARTITION BY account_id ORDER BY ${order}) AS rn
           FROM ${from} WHERE account_id = ANY($1::uuid[]) AND ${where}) x
        WHERE rn <= $2`,
      [ids.filter(isUuid), first],
    );
    return groupByKey(ids, rows, (r) => r.accountId);
  });
}

export const TERMS_CHANGE_COLUMNS = `account_id AS "accountId", credit_limit::text AS "limit", term_days AS "termDays",
  rating, reason, changed_by AS "changedBy", changed_by_name AS "changedByName", changed_at AS "changedAt"`;
export const INFORMATION_COLUMNS = `account_id AS "accountId", years_trading AS "yearsTrading",
  registered_capital::text AS "registeredCapital", payment_history AS "paymentHistory",
  trade_references AS "references", notes, updated_by AS "updatedBy", updated_at AS "updatedAt"`;
export const CREDIT_NOTE_COLUMNS = `id, account_id AS "accountId", case_id AS "caseId", invoice_id AS "invoiceId",
  stay_id AS "stayId", amount::text AS amount, unapplied::text AS unapplied, reason,
  to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn"`;
export const PROMISE_COLUMNS = `id, account_id AS "accountId", amount::text AS amount,
  to_char(promised_for, 'YYYY-MM-DD') AS "promisedFor", status, note, recorded_by AS "recordedBy",
  to_char(recorded_on, 'YYYY-MM-DD') AS "recordedOn", to_char(settled_on, 'YYYY-MM-DD') AS "settledOn"`;

/** Open balances per account, grouped by due date: enough to bucket them for any date. */
export async function openBalancesByDueDate(rt: Runtime, accountIds: readonly string[] | null) {
  const rows: { accountId: string; dueOn: string; balance: string }[] = await rt.dataSource.query(
    `SELECT account_id AS "accountId", to_char(due_on, 'YYYY-MM-DD') AS "dueOn", sum(balance)::text AS balance
       FROM credit.invoice
      WHERE balance > 0 ${accountIds ? 'AND account_id = ANY($1::uuid[])' : ''}
      GROUP BY account_id, due_on`,
    accountIds ? [accountIds.filter(isUuid)] : [],
  );
  return rows;
}

export const creditDetailResolvers = (rt: Runtime) => {
  const today = () => rt.clock.today();
  return {
    CreditStanding: {
      aging: guarded(CREDIT_OFFICERS, (s: CreditStanding, { asOf }: { asOf?: string | null }, ctx) => {
        const on = asOf ?? today();
        return ctx.loaders
          .for<string, ReturnType<typeof agingOf>>(`aging:${on}`, async (ids) => {
            const rows = await openBalancesByDueDate(rt, ids);
            return groupByKey(ids, rows, (r) => r.accountId).map((list) => agingOf(list, on));
          })
          .load(s.accountId);
      }),
      termsHistory: guarded(CREDIT_OFFICERS, (s: CreditStanding, _: unknown, ctx) =>
        listLoader(rt, ctx, 'terms-history', TERMS_CHANGE_COLUMNS, 'credit.terms_change', 'seq DESC', MAX_PAGE).load(
          s.accountId,
        ),
      ),
      information: guarded(CREDIT_OFFICERS, (s: CreditStanding, _: unknown, ctx) =>
        ctx.loaders
          .for<string, Record<string, unknown> | null>('credit-information', async (ids) => {
            const rows: { accountId: string }[] = await rt.dataSource.query(
              `SELECT ${INFORMATION_COLUMNS} FROM credit.credit_information WHERE account_id = ANY($1::uuid[])`,
              [ids.filter(isUuid)],
            );
            const byId = new Map(rows.map((r) => [r.accountId, r]));
            return ids.map((id) => byId.get(id) ?? null);
          })
          .load(s.accountId),
      ),
      invoices: guarded(
        CREDIT_OFFICERS,
        (s: CreditStanding, args: { openOnly?: boolean | null; first?: number | null }, ctx) =>
          listLoader(
            rt,
            ctx,
            'invoices',
            INVOICE_COLUMNS,
            'credit.invoice',
            'issued_on DESC, number DESC',
            page(args.first),
            args.openOnly ? 'balance > 0' : 'true',
          ).load(s.accountId),
      ),
      payments: guarded(CREDIT_OFFICERS, (s: CreditStanding, args: { first?: number | null }, ctx) =>
        listLoader(
          rt,
          ctx,
          'payments',
          PAYMENT_COLUMNS,
          'credit.payment',
          'received_on DESC, recorded_at DESC',
          page(args.first),
        ).load(s.accountId),
      ),
      creditNotes: guarded(CREDIT_OFFICERS, (s: CreditStanding, args: { first?: number | null }, ctx) =>
        listLoader(
          rt,
          ctx,
          'credit-notes',
          CREDIT_NOTE_COLUMNS,
          'credit.credit_note',
          'issued_on DESC, created_at DESC',
          page(args.first),
        ).load(s.accountId),
      ),
      paymentPromises: guarded(CREDIT_OFFICERS, (s: CreditStanding, args: { first?: number | null }, ctx) =>
        listLoader(
          rt,
          ctx,
          'promises',
          PROMISE_COLUMNS,
          'credit.payment_promise',
          'created_at DESC',
          page(args.first),
        ).load(s.accountId),
      ),
      collectionLog: guarded(CREDIT_OFFICERS, (s: CreditStanding, args: { first?: number | null }, ctx) =>
        listLoader(
          rt,
          ctx,
          'collection-log',
          `account_id AS "accountId", invoice_id AS "invoiceId", stage, message,
           to_char(acted_on, 'YYYY-MM-DD') AS "actedOn"`,
          'credit.collection_action',
          'acted_on DESC, created_at DESC',
          page(args.first),
        ).load(s.accountId),
      ),
    },
    Invoice: {
      daysPastDue: (inv: { dueOn: string }) => daysBetween(inv.dueOn, today()),
    },
  };
};
