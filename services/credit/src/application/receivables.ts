import type { Queryable } from '@guest-graph/db';
import { addDays, badInput, invalidState, notFound, toCents } from '@guest-graph/subgraph-kit';
import { allocate, type OpenInvoice } from '../domain/allocation.js';
import { lockAccount } from '../persistence/credit-ledger.repository.js';
import {
  accountOfInvoice,
  allocateToInvoice,
  disputeStateOf,
  insertCreditNote,
  insertPayment,
  insertStayInvoice,
  invoiceBalances,
  invoiceIdOfStay,
  type MoneySource,
  markDisputed,
  markDisputeSettled,
  openInvoiceById,
  openInvoicesOldestFirst,
  setUnapplied,
  unappliedSources,
} from '../persistence/receivables.repository.js';

/**
 * Moves money from a payment or credit note onto invoices, in the order given: lowers each invoice's balance
 * (marking it paid on `on` when it reaches zero), records the allocation, and lowers what is left unapplied
 * on the source. The caller holds the account's lock.
 */
async function applySource(tx: Queryable, source: MoneySource, available: string, invoices: OpenInvoice[], on: string) {
  const { allocations, remainder } = allocate(available, invoices);
  for (const a of allocations) await allocateToInvoice(tx, source, a.invoiceId, a.amount, on);
  await setUnapplied(tx, source, remainder);
  return { allocations, remainder };
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
  const created = await insertStayInvoice(tx, { ...c, dueOn });
  if (!created) return null;
  await applyCreditBalance(tx, c.accountId, c.issuedOn);
  return created;
}

/** Applies unapplied payments and credit notes (oldest first) to open invoices (oldest first). */
async function applyCreditBalance(tx: Queryable, accountId: string, on: string) {
  const sources = await unappliedSources(tx, accountId);
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
    const named = await invoiceBalances(tx, p.invoiceIds);
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
  const paymentId = await insertPayment(tx, p);
  await applySource(tx, { kind: 'payment', id: paymentId }, p.amount, targets, p.receivedOn);
  return paymentId;
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
    invoiceId = await invoiceIdOfStay(tx, n.stayId, n.accountId);
  }
  const note = await insertCreditNote(tx, {
    accountId: n.accountId,
    caseId: n.caseId,
    causeKey: n.causeKey ?? n.caseId,
    invoiceId,
    stayId: n.stayId,
    amount: n.amount,
    reason: n.reason,
    issuedOn: n.issuedOn,
  });
  if (!note) return null;
  const first = invoiceId ? await openInvoiceById(tx, invoiceId) : [];
  const rest = (await openInvoicesOldestFirst(tx, n.accountId)).filter((i) => i.id !== invoiceId);
  await applySource(tx, { kind: 'credit_note', id: note }, n.amount, [...first, ...rest], n.issuedOn);
  return note;
}

/** A disputed invoice leaves collection and automatic allocation until the dispute is settled. */
export async function disputeInvoice(tx: Queryable, invoiceId: string, reason: string, at: Date) {
  const inv = await invoiceForUpdate(tx, invoiceId);
  if (inv.disputed) throw invalidState('The invoice is already disputed');
  if (toCents(inv.balance) === 0n) throw invalidState('A paid invoice cannot be disputed');
  await markDisputed(tx, invoiceId, reason, at);
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
  await markDisputeSettled(tx, invoiceId, resolution);
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
  const accountId = await accountOfInvoice(tx, invoiceId);
  if (!accountId) throw notFound('Invoice', invoiceId);
  await lockAccount(tx, accountId);
  return disputeStateOf(tx, invoiceId);
}
