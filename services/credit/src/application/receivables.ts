import type { Queryable } from '@guest-graph/db';
import { addDays, badInput, invalidState, notFound, toCents } from '@guest-graph/subgraph-kit';
import { allocate, type OpenInvoice } from '../domain/allocation.js';
import { lockAccount } from '../persistence/credit-ledger.repository.js';

type Source = { kind: 'payment' | 'credit_note'; id: string };

/**
 * Moves money from a payment or credit note onto invoices, in the order given: lowers each invoice's balance
 * (marking it paid on `on` when it reaches zero), records the allocation, and lowers what is left unapplied
 * on the source. The caller holds the account's lock.
 */
async function applySource(tx: Queryable, source: Source, available: string, invoices: OpenInvoice[], on: string) {
  const { allocations, remainder } = allocate(available, invoices);
  for (const a of allocations) {
    await tx.query(
      `UPDATE credit.invoice SET balance = balance - $2::numeric,
              paid_on = CASE WHEN balance - $2::numeric = 0 THEN $3::date ELSE paid_on END
        WHERE id = $1`,
      [a.invoiceId, a.amount, on],
    );
    await tx.query(
      `INSERT INTO credit.allocation (invoice_id, ${source.kind === 'payment' ? 'payment_id' : 'credit_note_id'}, amount)
       VALUES ($1, $2, $3)`,
      [a.invoiceId, source.id, a.amount],
    );
  }
  await tx.query(`UPDATE credit.${source.kind} SET unapplied = $2 WHERE id = $1`, [source.id, remainder]);
  return { allocations, remainder };
}

/** Open, undisputed invoices oldest first: where unnamed money goes (a disputed bill waits for its settlement). */
async function openInvoicesOldestFirst(tx: Queryable, accountId: string): Promise<OpenInvoice[]> {
  return tx.query(
    `SELECT id, balance::text AS balance FROM credit.invoice
      WHERE account_id = $1 AND balance > 0 AND NOT disputed
      ORDER BY due_on, issued_on, number`,
    [accountId],
  );
}

export interface DirectBillCheckOut {
  accountId: string;
  stayId: string;
  guestId: string;
  amount: string;
  issuedOn: string;
}

/**
 * Books the invoice of a direct-billed stay: amount = the stay's total, due = issued + the account's term.
 * Once per stay (unique stay_id) whatever is redelivered. Money the account already has on credit pays it at
 * once, oldest credit first. Returns the invoice id, or null when the stay was already invoiced.
 */
export async function issueStayInvoice(tx: Queryable, c: DirectBillCheckOut): Promise<string | null> {
  const account = await lockAccount(tx, c.accountId);
  // An account without terms should never have been authorised; if a stay was billed anyway, it is due now.
  const dueOn = addDays(c.issuedOn, account.term_days ?? 0);
  const [created] = await tx.query(
    `INSERT INTO credit.invoice (account_id, stay_id, guest_id, amount, balance, issued_on, due_on, paid_on)
     VALUES ($1, $2, $3, $4, $4, $5, $6, CASE WHEN $4::numeric = 0 THEN $5::date END)
     ON CONFLICT (stay_id) DO NOTHING RETURNING id`,
    [c.accountId, c.stayId, c.guestId, c.amount, c.issuedOn, dueOn],
  );
  if (!created) return null;
  await applyCreditBalance(tx, c.accountId, c.issuedOn);
  return created.id;
}

/** Applies unapplied payments and credit notes (oldest first) to open invoices (oldest first). */
async function applyCreditBalance(tx: Queryable, accountId: string, on: string) {
  const sources: (Source & { unapplied: string })[] = await tx.query(
    `SELECT 'payment' AS kind, id, unapplied::text AS unapplied, received_on AS on_date, recorded_at AS at
       FROM credit.payment WHERE account_id = $1 AND unapplied > 0
     UNION ALL
     SELECT 'credit_note', id, unapplied::text, issued_on, created_at
       FROM credit.credit_note WHERE account_id = $1 AND unapplied > 0
     ORDER BY on_date, at`,
    [accountId],
  );
  for (const s of sources) {
    const open = await openInvoicesOldestFirst(tx, accountId);
    if (!open.length) return;
    await applySource(tx, s, s.unapplied, open, on);
  }
}

export interface PaymentReceived {
  accountId: string;
  amount: string;
  receivedOn: string;
  reference: string | null;
  invoiceIds: string[] | null;
  recordedBy: string;
}

/**
 * Records a payment and allocates it: to the invoices named, in the order named, or else to the oldest open
 * ones. What is left over stays on the account as a credit balance.
 */
export async function recordPayment(tx: Queryable, p: PaymentReceived) {
  if (toCents(p.amount) <= 0n) throw badInput('amount', 'amount must be more than zero');
  await lockAccount(tx, p.accountId);
  let targets: OpenInvoice[];
  if (p.invoiceIds?.length) {
    const named: { id: string; account_id: string; balance: string }[] = await tx.query(
      'SELECT id, account_id, balance::text AS balance FROM credit.invoice WHERE id = ANY($1::uuid[])',
      [p.invoiceIds],
    );
    const byId = new Map(named.map((n) => [n.id, n]));
    targets = p.invoiceIds.map((id, i) => {
      const inv = byId.get(id);
      if (!inv || inv.account_id !== p.accountId)
        throw badInput(`invoiceIds.${i}`, `Invoice ${id} is not an invoice of account ${p.accountId}`);
      return { id, balance: inv.balance };
    });
  } else {
    targets = await openInvoicesOldestFirst(tx, p.accountId);
  }
  const [payment] = await tx.query(
    `INSERT INTO credit.payment (account_id, amount, unapplied, received_on, reference, recorded_by)
     VALUES ($1, $2, $2, $3, $4, $5) RETURNING id`,
    [p.accountId, p.amount, p.receivedOn, p.reference, p.recordedBy],
  );
  await applySource(tx, { kind: 'payment', id: payment.id }, p.amount, targets, p.receivedOn);
  return payment.id as string;
}

export interface BillCredit {
  accountId: string;
  amount: string;
  reason: string;
  issuedOn: string;
  caseId: string | null;
  /** What makes the note unique: one per case resolution (a reopened case may be credited again). */
  causeKey?: string | null;
  stayId: string | null;
  invoiceId: string | null;
}

/**
 * Books a credit note (a complaint's bill credit, once per case resolution; or a settled dispute) and applies it: to the
 * stay's or named invoice first, then to the oldest open ones; any rest is credit balance.
 */
export async function issueCreditNote(tx: Queryable, n: BillCredit): Promise<string | null> {
  await lockAccount(tx, n.accountId);
  let invoiceId = n.invoiceId;
  if (!invoiceId && n.stayId) {
    const [inv] = await tx.query('SELECT id FROM credit.invoice WHERE stay_id = $1 AND account_id = $2', [
      n.stayId,
      n.accountId,
    ]);
    invoiceId = inv?.id ?? null;
  }
  const [note] = await tx.query(
    `INSERT INTO credit.credit_note (account_id, case_id, cause_key, invoice_id, stay_id, amount, unapplied, reason, issued_on)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) ON CONFLICT (cause_key) DO NOTHING RETURNING id`,
    [n.accountId, n.caseId, n.causeKey ?? n.caseId, invoiceId, n.stayId, n.amount, n.reason, n.issuedOn],
  );
  if (!note) return null;
  const first: OpenInvoice[] = invoiceId
    ? await tx.query('SELECT id, balance::text AS balance FROM credit.invoice WHERE id = $1 AND balance > 0', [
        invoiceId,
      ])
    : [];
  const rest = (await openInvoicesOldestFirst(tx, n.accountId)).filter((i) => i.id !== invoiceId);
  await applySource(tx, { kind: 'credit_note', id: note.id }, n.amount, [...first, ...rest], n.issuedOn);
  return note.id;
}

/** A disputed invoice leaves collection and automatic allocation until the dispute is settled. */
export async function disputeInvoice(tx: Queryable, invoiceId: string, reason: string, at: Date) {
  const inv = await invoiceForUpdate(tx, invoiceId);
  if (inv.disputed) throw invalidState('The invoice is already disputed');
  if (toCents(inv.balance) === 0n) throw invalidState('A paid invoice cannot be disputed');
  await tx.query('UPDATE credit.invoice SET disputed = true, dispute_reason = $2, disputed_at = $3 WHERE id = $1', [
    invoiceId,
    reason,
    at,
  ]);
}

/** Settles a dispute, with a credit note for the part the hotel conceded, if any. */
export async function settleDispute(
  tx: Queryable,
  invoiceId: string,
  resolution: string,
  creditAmount: string | null,
  on: string,
) {
  const inv = await invoiceForUpdate(tx, invoiceId);
  if (!inv.disputed) throw invalidState('The invoice is not disputed');
  if (creditAmount !== null) {
    const cents = toCents(creditAmount);
    if (cents <= 0n) throw badInput('creditAmount', 'creditAmount must be more than zero');
    if (cents > toCents(inv.balance)) throw badInput('creditAmount', 'creditAmount is more than the open balance');
  }
  await tx.query('UPDATE credit.invoice SET disputed = false, dispute_reason = $2 WHERE id = $1', [
    invoiceId,
    `settled: ${resolution}`,
  ]);
  if (creditAmount !== null)
    await issueCreditNote(tx, {
      accountId: inv.account_id,
      amount: creditAmount,
      reason: `Dispute settled: ${resolution}`,
      issuedOn: on,
      caseId: null,
      stayId: null,
      invoiceId,
    });
}

async function invoiceForUpdate(tx: Queryable, invoiceId: string) {
  const [found] = await tx.query('SELECT account_id FROM credit.invoice WHERE id = $1', [invoiceId]);
  if (!found) throw notFound('Invoice', invoiceId);
  await lockAccount(tx, found.account_id);
  const [inv] = await tx.query(
    'SELECT id, account_id, balance::text AS balance, disputed FROM credit.invoice WHERE id = $1',
    [invoiceId],
  );
  return inv as { id: string; account_id: string; balance: string; disputed: boolean };
}
