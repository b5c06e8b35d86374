import type { Queryable } from '@guest-graph/db';
import type { OpenInvoice } from '../domain/allocation.js';

/** Where money applied to invoices comes from: a payment or a credit note, each with what is left unapplied. */
export type MoneySource = { kind: 'payment' | 'credit_note'; id: string };

/**
 * Applies `amount` of a source to an invoice: lowers its balance (marking it paid on `on` when it reaches
 * zero) and records the allocation.
 */
export async function allocateToInvoice(
  tx: Queryable,
  source: MoneySource,
  invoiceId: string,
  amount: string,
  on: string,
): Promise<void> {
  await tx.query(
    `UPDATE credit.invoice SET balance = balance - $2::numeric,
            paid_on = CASE WHEN balance - $2::numeric = 0 THEN $3::date ELSE paid_on END
      WHERE id = $1`,
    [invoiceId, amount, on],
  );
  await tx.query(
    `INSERT INTO credit.allocation (invoice_id, ${source.kind === 'payment' ? 'payment_id' : 'credit_note_id'}, amount)
     VALUES ($1, $2, $3)`,
    [invoiceId, source.id, amount],
  );
}

export async function setUnapplied(tx: Queryable, source: MoneySource, unapplied: string): Promise<void> {
  await tx.query(`UPDATE credit.${source.kind} SET unapplied = $2 WHERE id = $1`, [source.id, unapplied]);
}

/** Open, undisputed invoices of an account, oldest first. */
export function openInvoicesOldestFirst(tx: Queryable, accountId: string): Promise<OpenInvoice[]> {
  return tx.query(
    `SELECT id, balance::text AS balance FROM credit.invoice
      WHERE account_id = $1 AND balance > 0 AND NOT disputed
      ORDER BY due_on, issued_on, number`,
    [accountId],
  );
}

/** The invoice of a stay, once per stay (unique stay_id): its id, or null when the stay was invoiced before. */
export async function insertStayInvoice(
  tx: Queryable,
  i: { accountId: string; stayId: string; guestId: string; amount: string; issuedOn: string; dueOn: string },
): Promise<string | null> {
  const [created] = await tx.query(
    `INSERT INTO credit.invoice (account_id, stay_id, guest_id, amount, balance, issued_on, due_on, paid_on)
     VALUES ($1, $2, $3, $4, $4, $5, $6, CASE WHEN $4::numeric = 0 THEN $5::date END)
     ON CONFLICT (stay_id) DO NOTHING RETURNING id`,
    [i.accountId, i.stayId, i.guestId, i.amount, i.issuedOn, i.dueOn],
  );
  return (created?.id as string | undefined) ?? null;
}

/** Payments and credit notes of an account with money left unapplied, oldest first. */
export function unappliedSources(tx: Queryable, accountId: string): Promise<(MoneySource & { unapplied: string })[]> {
  return tx.query(
    `SELECT 'payment' AS kind, id, unapplied::text AS unapplied, received_on AS on_date, recorded_at AS at
       FROM credit.payment WHERE account_id = $1 AND unapplied > 0
     UNION ALL
     SELECT 'credit_note', id, unapplied::text, issued_on, created_at
       FROM credit.credit_note WHERE account_id = $1 AND unapplied > 0
     ORDER BY on_date, at`,
    [accountId],
  );
}

export function invoiceBalances(
  tx: Queryable,
  ids: string[],
): Promise<{ id: string; account_id: string; balance: string }[]> {
  return tx.query('SELECT id, account_id, balance::text AS balance FROM credit.invoice WHERE id = ANY($1::uuid[])', [
    ids,
  ]);
}

/** A payment with all of it unapplied until it is allocated; returns its id. */
export async function insertPayment(
  tx: Queryable,
  p: { accountId: string; amount: string; receivedOn: string; reference: string | null; recordedBy: string },
): Promise<string> {
  const [payment] = await tx.query(
    `INSERT INTO credit.payment (account_id, amount, unapplied, received_on, reference, recorded_by)
     VALUES ($1, $2, $2, $3, $4, $5) RETURNING id`,
    [p.accountId, p.amount, p.receivedOn, p.reference, p.recordedBy],
  );
  return payment.id;
}

export async function invoiceIdOfStay(tx: Queryable, stayId: string, accountId: string): Promise<string | null> {
  const [inv] = await tx.query('SELECT id FROM credit.invoice WHERE stay_id = $1 AND account_id = $2', [
    stayId,
    accountId,
  ]);
  return (inv?.id as string | undefined) ?? null;
}

/** A credit note, once per cause (unique cause_key): its id, or null when the cause was credited before. */
export async function insertCreditNote(
  tx: Queryable,
  n: {
    accountId: string;
    caseId: string | null;
    causeKey: string | null;
    invoiceId: string | null;
    stayId: string | null;
    amount: string;
    reason: string;
    issuedOn: string;
  },
): Promise<string | null> {
  const [note] = await tx.query(
    `INSERT INTO credit.credit_note (account_id, case_id, cause_key, invoice_id, stay_id, amount, unapplied, reason, issued_on)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) ON CONFLICT (cause_key) DO NOTHING RETURNING id`,
    [n.accountId, n.caseId, n.causeKey, n.invoiceId, n.stayId, n.amount, n.reason, n.issuedOn],
  );
  return (note?.id as string | undefined) ?? null;
}

/** The invoice as an open one to apply money to, or nothing when it is paid. */
export function openInvoiceById(tx: Queryable, invoiceId: string): Promise<OpenInvoice[]> {
  return tx.query('SELECT id, balance::text AS balance FROM credit.invoice WHERE id = $1 AND balance > 0', [invoiceId]);
}

export async function markDisputed(tx: Queryable, invoiceId: string, reason: string, at: Date): Promise<void> {
  await tx.query('UPDATE credit.invoice SET disputed = true, dispute_reason = $2, disputed_at = $3 WHERE id = $1', [
    invoiceId,
    reason,
    at,
  ]);
}

export async function markDisputeSettled(tx: Queryable, invoiceId: string, resolution: string): Promise<void> {
  await tx.query('UPDATE credit.invoice SET disputed = false, dispute_reason = $2 WHERE id = $1', [
    invoiceId,
    `settled: ${resolution}`,
  ]);
}

export async function accountOfInvoice(tx: Queryable, invoiceId: string): Promise<string | null> {
  const [found] = await tx.query('SELECT account_id FROM credit.invoice WHERE id = $1', [invoiceId]);
  return (found?.account_id as string | undefined) ?? null;
}

export async function disputeStateOf(tx: Queryable, invoiceId: string) {
  const [inv] = await tx.query(
    'SELECT id, account_id, balance::text AS balance, disputed FROM credit.invoice WHERE id = $1',
    [invoiceId],
  );
  return inv as { id: string; account_id: string; balance: string; disputed: boolean };
}
