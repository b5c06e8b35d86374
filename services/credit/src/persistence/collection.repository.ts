import { changedRows, type Queryable } from '@guest-graph/db';
import type { CollectionStage } from '../domain/collection-stage.js';

/** Open promises to pay, with what the account has paid since each was made (up to `asOf`). */
export function openPromisesWithPayments(
  db: Queryable,
  asOf: string,
): Promise<{ id: string; amount: string; paid_since: string; promised_for: string }[]> {
  return db.query(
    `SELECT p.id, p.amount::text AS amount, to_char(p.promised_for, 'YYYY-MM-DD') AS promised_for,
            COALESCE((SELECT sum(y.amount) FROM credit.payment y
                       WHERE y.account_id = p.account_id AND y.received_on >= p.recorded_on
                         AND y.received_on <= $1::date), 0)::text AS paid_since
       FROM credit.payment_promise p WHERE p.status = 'OPEN'`,
    [asOf],
  );
}

/** Settles an open promise (compare-and-set): false when another run settled it first. */
export async function settlePromise(db: Queryable, id: string, outcome: string, on: string): Promise<boolean> {
  const rows = await changedRows(
    db,
    `UPDATE credit.payment_promise SET status = $2, settled_on = $3 WHERE id = $1 AND status = 'OPEN' RETURNING id`,
    [id, outcome, on],
  );
  return rows.length > 0;
}

/** Promises that may still pause collection as of `asOf` (open, or kept no earlier than the day before). */
export function standingPromises(
  db: Queryable,
  asOf: string,
): Promise<{ account_id: string; status: 'OPEN' | 'KEPT' | 'BROKEN'; promised_for: string }[]> {
  return db.query(
    `SELECT account_id, status, to_char(promised_for, 'YYYY-MM-DD') AS promised_for
       FROM credit.payment_promise WHERE status IN ('OPEN', 'KEPT') AND promised_for >= $1::date - 1`,
    [asOf],
  );
}

/** Open, undisputed invoices due at least `leadDays` before `asOf`, oldest due first. */
export function invoicesInCollection(
  db: Queryable,
  asOf: string,
  leadDays: number,
): Promise<
  {
    id: string;
    number: number;
    account_id: string;
    balance: string;
    due_on: string;
    collection_stage: CollectionStage;
  }[]
> {
  return db.query(
    `SELECT id, number::int AS number, account_id, balance::text AS balance,
            to_char(due_on, 'YYYY-MM-DD') AS due_on, collection_stage
       FROM credit.invoice
      WHERE balance > 0 AND NOT disputed AND due_on <= $1::date - $2::int
      ORDER BY due_on, number`,
    [asOf, leadDays],
  );
}

/** Moves an invoice's stage by compare-and-set: false when it moved already, or was paid or disputed. */
export async function moveStage(
  tx: Queryable,
  invoiceId: string,
  from: CollectionStage,
  to: CollectionStage,
): Promise<boolean> {
  const moved = await changedRows(
    tx,
    `UPDATE credit.invoice SET collection_stage = $3
      WHERE id = $1 AND collection_stage = $2 AND balance > 0 AND NOT disputed RETURNING id`,
    [invoiceId, from, to],
  );
  return moved.length > 0;
}

/** Logs what was sent for an invoice at a stage, once per (invoice, stage). */
export async function logCollectionAction(
  tx: Queryable,
  a: { invoiceId: string; accountId: string; stage: CollectionStage; message: string; on: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO credit.collection_action (invoice_id, account_id, stage, message, acted_on)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id, stage) DO NOTHING`,
    [a.invoiceId, a.accountId, a.stage, a.message, a.on],
  );
}
