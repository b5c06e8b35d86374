import { addDays, encodeCursor, isUuid, type Page, pageOf, toCents } from '@guest-graph/subgraph-kit';
import { agingOf } from '../domain/aging.js';
import type { CreditStanding } from '../domain/credit-standing.js';
import { scorecard } from '../domain/scorecard.js';
import {
  type CreditInformationChange,
  insertPaymentPromise,
  invoiceById,
  invoicesIssuedBetween,
  openBalancesByDueDate,
  paymentById,
  ratingFacts,
  setRatingAdjustment,
  upsertCreditInformation,
} from '../persistence/credit-file.repository.js';
import { lockAccount } from '../persistence/credit-ledger.repository.js';
import { readStanding } from './credit-standing.js';
import { assertKnownAccount } from './credit-terms.js';
import type { Credit } from './index.js';
import { disputeInvoice, type PaymentReceived, recordPayment, settleDispute } from './receivables.js';
import { creditEntries, note } from './timeline.js';

export const readInvoice = (app: Credit, id: string) => invoiceById(app.dataSource, id);

/** Takes a payment, applies it and answers with the payment as recorded. */
export async function takePayment(app: Credit, p: PaymentReceived) {
  await assertKnownAccount(app, p.accountId);
  const paymentId = await app.bus.transact(async (tx) => {
    const id = await recordPayment(tx, p);
    await note(app, tx, [creditEntries.payment({ id, accountId: p.accountId, amount: p.amount }, app.clock.now())]);
    return id;
  });
  return paymentById(app.dataSource, paymentId);
}

export async function openDispute(app: Credit, invoiceId: string, reason: string) {
  await app.bus.transact((tx) => disputeInvoice(tx, invoiceId, reason, app.clock.now()));
  return readInvoice(app, invoiceId);
}

export async function closeDispute(app: Credit, invoiceId: string, resolution: string, creditAmount: string | null) {
  await app.bus.transact((tx) => settleDispute(tx, invoiceId, resolution, creditAmount, app.clock.today()));
  return readInvoice(app, invoiceId);
}

export async function promisePayment(
  app: Credit,
  p: { accountId: string; amount: string; promisedFor: string; note: string | null; recordedBy: string },
) {
  await assertKnownAccount(app, p.accountId);
  return app.bus.transact(async (tx) => {
    await lockAccount(tx, p.accountId);
    return insertPaymentPromise(tx, { ...p, on: app.clock.today() });
  });
}

/** The receivables of every account bucketed by age on `asOf`, the largest balances first. */
export async function agingReport(app: Credit, asOf: string, first: number) {
  const rows = await openBalancesByDueDate(app.dataSource, null);
  const perAccount = new Map<string, { dueOn: string; balance: string }[]>();
  for (const r of rows) perAccount.set(r.accountId, [...(perAccount.get(r.accountId) ?? []), r]);
  const accounts = [...perAccount].map(([accountId, list]) => ({ accountId, aging: agingOf(list, asOf) }));
  accounts.sort((a, b) => {
    const d = toCents(b.aging.total) - toCents(a.aging.total);
    return d > 0n ? 1 : d < 0n ? -1 : a.accountId.localeCompare(b.accountId);
  });
  return { asOf, totals: agingOf(rows, asOf), accounts: accounts.slice(0, first), ranked: accounts };
}

type AccountAging = { accountId: string; aging: ReturnType<typeof agingOf> };
/** Where an account stands in the aging ranking: its open total in cents, then its id. */
export type AgingKey = [totalCents: bigint, accountId: string];
const agingKey = (a: AccountAging): AgingKey => [toCents(a.aging.total), a.accountId];
/** Whether `a` comes after `key` in the ranking (largest total first, then account id). */
const after = (a: AgingKey, key: AgingKey) => a[0] < key[0] || (a[0] === key[0] && a[1] > key[1]);

/**
 * A page of the aging ranking. The total per account is summed in memory from the open balances the report reads
 * anyway, so the keyset (total, account id) is applied to that ranking rather than in SQL; an account that gets
 * its first open balance between pages sorts before or after the cursor and never shifts the rows after it.
 */
export function agingAccountsPage(ranked: AccountAging[], first: number, from: AgingKey | null): Page<AccountAging> {
  const rest = from ? ranked.filter((a) => after(agingKey(a), from)) : ranked;
  return pageOf(rest.slice(0, first + 1), first, (a) => {
    const [cents, id] = agingKey(a);
    return encodeCursor([cents.toString(), id]);
  });
}

export async function updateCreditInformation(
  app: Credit,
  accountId: string,
  change: CreditInformationChange,
  updatedBy: string,
) {
  await assertKnownAccount(app, accountId);
  return app.bus.transact(async (tx) => {
    await lockAccount(tx, accountId);
    return upsertCreditInformation(tx, accountId, change, updatedBy, app.clock.now());
  });
}

export type ScoreFacts = {
  accountId: string;
  adjustment: number;
  adjustmentReason: string | null;
  yearsTrading: number | null;
  invoices: { amount: string; dueOn: string; paidOn: string | null; balance: string }[];
};

/** What the scorecard needs beyond the standing, for many accounts in two statements. */
export async function scoreFactsOf(app: Credit, ids: readonly string[], asOf: string): Promise<ScoreFacts[]> {
  const valid = ids.filter(isUuid);
  const accounts = await ratingFacts(app.dataSource, valid);
  const invoices = await invoicesIssuedBetween(app.dataSource, valid, addDays(asOf, -365), asOf);
  const byAccount = new Map(accounts.map((a) => [a.account_id, a]));
  return ids.map((id) => {
    const a = byAccount.get(id);
    return {
      accountId: id,
      adjustment: a?.rating_adjustment ?? 0,
      adjustmentReason: a?.rating_adjustment_reason ?? null,
      yearsTrading: a?.years_trading ?? null,
      invoices: invoices.filter((i) => i.accountId === id),
    };
  });
}

export function scorecardOf(s: CreditStanding, facts: ScoreFacts, asOf: string) {
  return {
    ...scorecard({
      asOf,
      invoices: facts.invoices,
      limit: s.hasTerms ? s.limit : null,
      outstanding: s.outstanding,
      yearsTrading: facts.yearsTrading,
      adjustment: facts.adjustment,
    }),
    assignedRating: s.rating,
    adjustment: facts.adjustment,
    adjustmentReason: facts.adjustmentReason,
  };
}

/** Moves the assigned rating by up to two notches, with the reason kept; answers the new scorecard. */
export async function adjustCreditRating(app: Credit, accountId: string, notches: number, reason: string) {
  await assertKnownAccount(app, accountId);
  await app.bus.transact(async (tx) => {
    await lockAccount(tx, accountId);
    await setRatingAdjustment(tx, accountId, notches, reason, app.clock.now());
  });
  const asOf = app.clock.today();
  const [facts] = await scoreFactsOf(app, [accountId], asOf);
  return scorecardOf(await readStanding(app, accountId), facts!, asOf);
}
