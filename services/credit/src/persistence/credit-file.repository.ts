import type { Queryable } from '@guest-graph/db';
import { isUuid } from '@guest-graph/subgraph-kit';

/** How the credit file's rows read in GraphQL: money as decimal strings, dates as `YYYY-MM-DD`. */
export const INVOICE_COLUMNS = `id, number::int AS number, account_id AS "accountId", stay_id AS "stayId",
  guest_id AS "guestId", amount::text AS amount, balance::text AS balance,
  CASE WHEN balance = 0 THEN 'PAID' ELSE 'OPEN' END AS status,
  to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(due_on, 'YYYY-MM-DD') AS "dueOn",
  to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", disputed, dispute_reason AS "disputeReason",
  collection_stage AS "collectionStage"`;
export const PAYMENT_COLUMNS = `id, account_id AS "accountId", amount::text AS amount, unapplied::text AS unapplied,
  to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", reference, recorded_by AS "recordedBy"`;
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
export const COLLECTION_ACTION_COLUMNS = `account_id AS "accountId", invoice_id AS "invoiceId", stage, message,
  to_char(acted_on, 'YYYY-MM-DD') AS "actedOn"`;

/**
 * One per-account list of the credit file: its columns, table and newest-first keyset (every key DESC, the
 * last one unique), which an index on (account_id, keys...) serves.
 */
export interface AccountList {
  select: string;
  from: string;
  keys: { expr: string; type: string }[];
}

export const ACCOUNT_LISTS = {
  termsHistory: { select: TERMS_CHANGE_COLUMNS, from: 'credit.terms_change', keys: [{ expr: 'seq', type: 'bigint' }] },
  invoices: {
    select: INVOICE_COLUMNS,
    from: 'credit.invoice',
    keys: [
      { expr: 'issued_on', type: 'date' },
      { expr: 'number', type: 'bigint' },
    ],
  },
  payments: {
    select: PAYMENT_COLUMNS,
    from: 'credit.payment',
    keys: [
      { expr: 'received_on', type: 'date' },
      { expr: 'recorded_at', type: 'timestamptz' },
      { expr: 'id', type: 'uuid' },
    ],
  },
  creditNotes: {
    select: CREDIT_NOTE_COLUMNS,
    from: 'credit.credit_note',
    keys: [
      { expr: 'issued_on', type: 'date' },
      { expr: 'created_at', type: 'timestamptz' },
      { expr: 'id', type: 'uuid' },
    ],
  },
  paymentPromises: {
    select: PROMISE_COLUMNS,
    from: 'credit.payment_promise',
    keys: [
      { expr: 'created_at', type: 'timestamptz' },
      { expr: 'id', type: 'uuid' },
    ],
  },
  collectionLog: {
    select: COLLECTION_ACTION_COLUMNS,
    from: 'credit.collection_action',
    keys: [
      { expr: 'acted_on', type: 'date' },
      { expr: 'created_at', type: 'timestamptz' },
      { expr: 'id', type: 'uuid' },
    ],
  },
} satisfies Record<string, AccountList>;

/**
 * The newest `limit` rows of a list for every account at once: one statement whatever the number of accounts
 * (row_number keeps `limit` per account). Each row carries its `sortKey` (as text, so a timestamp keeps its
 * microseconds in a cursor); `after` (a sortKey) starts the list after that row; `openOnly` narrows invoices
 * to those with a balance.
 */
export function latestPerAccount<R extends { accountId: string; sortKey: string[] }>(
  db: Queryable,
  accountIds: readonly string[],
  list: AccountList,
  limit: number,
  { openOnly = false, after = null }: { openOnly?: boolean; after?: readonly string[] | null } = {},
): Promise<R[]> {
  const keys = list.keys.map((k) => k.expr).join(', ');
  const order = list.keys.map((k) => `${k.expr} DESC`).join(', ');
  const bound = after ? `(${keys}) < (${list.keys.map((k, i) => `$${i + 3}::${k.type}`).join(', ')})` : 'true';
  return db.query(
    `SELECT * FROM (
       SELECT ${list.select}, ARRAY[${list.keys.map((k) => `${k.expr}::text`).join(', ')}] AS "sortKey",
              row_number() OVER (PARTITION BY account_id ORDER BY ${order}) AS rn
         FROM ${list.from}
        WHERE account_id = ANY($1::uuid[]) AND ${openOnly ? 'balance > 0' : 'true'} AND ${bound}) x
      WHERE rn <= $2 ORDER BY rn`,
    [accountIds.filter(isUuid), limit, ...(after ?? [])],
  );
}

export async function invoiceById(db: Queryable, id: string) {
  const [row] = await db.query(`SELECT ${INVOICE_COLUMNS} FROM credit.invoice WHERE id = $1`, [id]);
  return row ?? null;
}

export async function paymentById(db: Queryable, id: string) {
  const [row] = await db.query(`SELECT ${PAYMENT_COLUMNS} FROM credit.payment WHERE id = $1`, [id]);
  return row ?? null;
}

/** How each payment was applied, in the order it was applied. */
export function allocationsOfPayments(
  db: Queryable,
  paymentIds: readonly string[],
): Promise<{ paymentId: string; invoiceId: string; amount: string }[]> {
  return db.query(
    `SELECT payment_id AS "paymentId", invoice_id AS "invoiceId", amount::text AS amount
       FROM credit.allocation WHERE payment_id = ANY($1::uuid[]) ORDER BY seq`,
    [paymentIds],
  );
}

/** Open balances per account (all accounts when `accountIds` is null), grouped by due date. */
export function openBalancesByDueDate(
  db: Queryable,
  accountIds: readonly string[] | null,
): Promise<{ accountId: string; dueOn: string; balance: string }[]> {
  return db.query(
    `SELECT account_id AS "accountId", to_char(due_on, 'YYYY-MM-DD') AS "dueOn", sum(balance)::text AS balance
       FROM credit.invoice
      WHERE balance > 0 ${accountIds ? 'AND account_id = ANY($1::uuid[])' : ''}
      GROUP BY account_id, due_on`,
    accountIds ? [accountIds.filter(isUuid)] : [],
  );
}

export function creditInformationOf(db: Queryable, accountIds: readonly string[]): Promise<{ accountId: string }[]> {
  return db.query(`SELECT ${INFORMATION_COLUMNS} FROM credit.credit_information WHERE account_id = ANY($1::uuid[])`, [
    accountIds.filter(isUuid),
  ]);
}

export interface CreditInformationChange {
  yearsTrading: number | null;
  registeredCapital: string | null;
  paymentHistory: string | null;
  references: string[] | null;
  notes: string | null;
}

/** Writes the fields given (a null leaves the stored value), returning the whole record. */
export async function upsertCreditInformation(
  tx: Queryable,
  accountId: string,
  c: CreditInformationChange,
  updatedBy: string,
  at: Date,
) {
  const [row] = await tx.query(
    `INSERT INTO credit.credit_information AS c
       (account_id, years_trading, registered_capital, payment_history, trade_references, notes, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, COALESCE($5::text[], '{}'), $6, $7, $8)
     ON CONFLICT (account_id) DO UPDATE SET
       years_trading = COALESCE(EXCLUDED.years_trading, c.years_trading),
       registered_capital = COALESCE(EXCLUDED.registered_capital, c.registered_capital),
       payment_history = COALESCE(EXCLUDED.payment_history, c.payment_history),
       trade_references = CASE WHEN $5::text[] IS NULL THEN c.trade_references ELSE EXCLUDED.trade_references END,
       notes = COALESCE(EXCLUDED.notes, c.notes),
       updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
     RETURNING ${INFORMATION_COLUMNS}`,
    [accountId, c.yearsTrading, c.registeredCapital, c.paymentHistory, c.references, c.notes, updatedBy, at],
  );
  return row;
}

export async function setRatingAdjustment(tx: Queryable, accountId: string, notches: number, reason: string, at: Date) {
  await tx.query(
    `UPDATE credit.credit_account SET rating_adjustment = $2, rating_adjustment_reason = $3, updated_at = $4
      WHERE account_id = $1`,
    [accountId, notches, reason, at],
  );
}

/** The rating adjustment and years trading of many accounts (absent accounts as all-null rows). */
export function ratingFacts(
  db: Queryable,
  accountIds: readonly string[],
): Promise<
  {
    account_id: string;
    rating_adjustment: number | null;
    rating_adjustment_reason: string | null;
    years_trading: number | null;
  }[]
> {
  return db.query(
    `SELECT k.id AS account_id, a.rating_adjustment, a.rating_adjustment_reason, i.years_trading
       FROM unnest($1::uuid[]) AS k(id)
       LEFT JOIN credit.credit_account a ON a.account_id = k.id
       LEFT JOIN credit.credit_information i ON i.account_id = k.id`,
    [accountIds],
  );
}

/** Invoices issued in the window `(from, to]`, for the scorecard's payment behaviour. */
export function invoicesIssuedBetween(
  db: Queryable,
  accountIds: readonly string[],
  from: string,
  to: string,
): Promise<{ accountId: string; amount: string; dueOn: string; paidOn: string | null; balance: string }[]> {
  return db.query(
    `SELECT account_id AS "accountId", amount::text AS amount, balance::text AS balance,
            to_char(due_on, 'YYYY-MM-DD') AS "dueOn", to_char(paid_on, 'YYYY-MM-DD') AS "paidOn"
       FROM credit.invoice WHERE account_id = ANY($1::uuid[]) AND issued_on > $2::date AND issued_on <= $3::date`,
    [accountIds, from, to],
  );
}

export async function insertPaymentPromise(
  tx: Queryable,
  p: { accountId: string; amount: string; promisedFor: string; note: string | null; recordedBy: string; on: string },
) {
  const [row] = await tx.query(
    `INSERT INTO credit.payment_promise (account_id, amount, promised_for, note, recorded_by, recorded_on)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${PROMISE_COLUMNS}`,
    [p.accountId, p.amount, p.promisedFor, p.note, p.recordedBy, p.on],
  );
  return row;
}
