import { type Queryable } from '@guest-graph/db';
import type { CreditLedgerRow } from '../domain/credit-standing.js';

/**
 * The whole credit standing of many accounts in one statement: terms, hold, totals of invoices, payments,
 * credit notes, unapplied money, holds for in-house stays and whether anything is overdue. Each correlated
 * sum reads through an index on account_id, so a page of 100 accounts is one round trip.
 */
export async function loadLedgerRows(db: Queryable, accountIds: readonly string[], today: string) {
  const rows: {
    account_id: string;
    credit_limit: string | null;
    term_days: number | null;
    assigned_rating: CreditLedgerRow['assignedRating'];
    on_hold: boolean | null;
    hold_reason: string | null;
    hold_placed_by: string | null;
    hold_placed_at: Date | null;
    invoiced: string;
    paid: string;
    credited: string;
    unapplied: string;
    held: string;
    overdue: boolean;
  }[] = await db.query(
    `SELECT k.id AS account_id, a.credit_limit, a.term_days, a.assigned_rating, a.on_hold, a.hold_reason,
            a.hold_placed_by, a.hold_placed_at,
            COALESCE((SELECT sum(i.amount) FROM credit.invoice i WHERE i.account_id = k.id), 0)::text AS invoiced,
            COALESCE((SELECT sum(p.amount) FROM credit.payment p WHERE p.account_id = k.id), 0)::text AS paid,
            COALESCE((SELECT sum(c.amount) FROM credit.credit_note c WHERE c.account_id = k.id), 0)::text AS credited,
            (COALESCE((SELECT sum(p.unapplied) FROM credit.payment p WHERE p.account_id = k.id AND p.unapplied > 0), 0)
             + COALESCE((SELECT sum(c.unapplied) FROM credit.credit_note c
                          WHERE c.account_id = k.id AND c.unapplied > 0), 0))::text AS unapplied,
            COALESCE((SELECT sum(h.amount) FROM credit.authorization h
                       WHERE h.account_id = k.id AND h.status = 'HELD'), 0)::text AS held,
            EXISTS (SELECT 1 FROM credit.invoice i
                     WHERE i.account_id = k.id AND i.balance > 0 AND NOT i.disputed AND i.due_on < $2::date) AS overdue
       FROM unnest($1::uuid[]) AS k(id)
       LEFT JOIN credit.credit_account a ON a.account_id = k.id`,
    [accountIds, today],
  );
  return rows.map(
    (r): CreditLedgerRow => ({
      accountId: r.account_id,
      limit: r.credit_limit,
      termDays: r.term_days,
      assignedRating: r.assigned_rating,
      onHold: r.on_hold ?? false,
      holdReason: r.hold_reason,
      holdPlacedBy: r.hold_placed_by,
      holdPlacedAt: r.hold_placed_at,
      invoiced: r.invoiced,
      paid: r.paid,
      credited: r.credited,
      unapplied: r.unapplied,
      held: r.held,
      overdue: r.overdue,
    }),
  );
}

/**
 * Takes the account's row lock for the rest of the transaction, creating the row when the account has no
 * credit record yet. Every change to an account's ledger and every authorisation goes through here, so they
 * happen one after another per account.
 */
export async function lockAccount(tx: Queryable, accountId: string) {
  await tx.query('INSERT INTO credit.credit_account (account_id) VALUES ($1) ON CONFLICT DO NOTHING', [accountId]);
  const [row] = await tx.query(
    `SELECT account_id, credit_limit, term_days, on_hold FROM credit.credit_account WHERE account_id = $1 FOR UPDATE`,
    [accountId],
  );
  return row as { account_id: string; credit_limit: string | null; term_days: number | null; on_hold: boolean };
}

/** Locks the account only if it has a credit record: an authorisation must not create one. */
export async function lockExistingAccount(tx: Queryable, accountId: string) {
  const [row] = await tx.query(
    'SELECT account_id, credit_limit, term_days, on_hold FROM credit.credit_account WHERE account_id = $1 FOR UPDATE',
    [accountId],
  );
  return (row ?? null) as {
    account_id: string;
    credit_limit: string | null;
    term_days: number | null;
    on_hold: boolean;
  } | null;
}

/** Whether credit has a record of the account. */
export async function hasCreditRecord(db: Queryable, accountId: string): Promise<boolean> {
  const [known] = await db.query('SELECT 1 FROM credit.credit_account WHERE account_id = $1', [accountId]);
  return Boolean(known);
}

/** Sets limit, term and (when given) the assigned rating, and keeps the change with who and why. */
export async function setTerms(
  tx: Queryable,
  t: {
    accountId: string;
    limit: string;
    termDays: number;
    rating: string | null;
    reason: string | null;
    by: string;
    byName: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `UPDATE credit.credit_account
        SET credit_limit = $2, term_days = $3, assigned_rating = COALESCE($4, assigned_rating), updated_at = $5
      WHERE account_id = $1`,
    [t.accountId, t.limit, t.termDays, t.rating, t.at],
  );
  await tx.query(
    `INSERT INTO credit.terms_change (account_id, credit_limit, term_days, rating, reason, changed_by, changed_by_name, changed_at)
     SELECT $1, $2, $3, assigned_rating, $4, $5, $6, $7 FROM credit.credit_account WHERE account_id = $1`,
    [t.accountId, t.limit, t.termDays, t.reason, t.by, t.byName, t.at],
  );
}

export async function setHold(tx: Queryable, accountId: string, reason: string, placedBy: string, at: Date) {
  await tx.query(
    `UPDATE credit.credit_account
        SET on_hold = true, hold_reason = $2, hold_placed_by = $3, hold_placed_at = $4, updated_at = $4
      WHERE account_id = $1`,
    [accountId, reason, placedBy, at],
  );
}

export async function clearHold(tx: Queryable, accountId: string, at: Date) {
  await tx.query(
    `UPDATE credit.credit_account
        SET on_hold = false, hold_reason = NULL, hold_placed_by = NULL, hold_placed_at = NULL, updated_at = $2
      WHERE account_id = $1`,
    [accountId, at],
  );
}
