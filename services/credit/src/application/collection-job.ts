import { credit } from '@guest-graph/events';
import { toCents } from '@guest-graph/subgraph-kit';
import {
  type ActiveStage,
  type CollectionPolicy,
  collectionMessage,
  promiseOutcome,
  promisePauses,
  stageDue,
  stageRank,
} from '../domain/collection-stage.js';
import {
  invoicesInCollection,
  logCollectionAction,
  moveStage,
  openPromisesWithPayments,
  settlePromise,
  standingPromises,
} from '../persistence/collection.repository.js';
import { lockAccount, setHold } from '../persistence/credit-ledger.repository.js';
import type { Credit } from './index.js';
import { creditEntries, note } from './timeline.js';

export interface CollectionRun {
  asOf: string;
  advanced: { invoiceId: string; accountId: string; stage: ActiveStage; message: string }[];
  promisesKept: number;
  promisesBroken: number;
  holdsPlaced: string[];
}

/** Who the collection job acts as in logs and hold events. */
export const COLLECTION_ACTOR = 'credit-collection';

/**
 * Advances the collection stages as of a date: settles promises to pay, then moves every open, undisputed
 * invoice of an account not paused by a promise to the stage it has reached, logging what was sent. Safe to
 * run twice or at once from two processes: a stage moves by compare-and-set on the invoice and each
 * (invoice, stage) is logged once (unique key), so a second run finds nothing to do.
 */
export async function runCollection(rt: Credit, asOf: string, policy: CollectionPolicy): Promise<CollectionRun> {
  const run: CollectionRun = { asOf, advanced: [], promisesKept: 0, promisesBroken: 0, holdsPlaced: [] };

  const promises = await openPromisesWithPayments(rt.dataSource, asOf);
  for (const p of promises) {
    const outcome = promiseOutcome(
      { amountCents: toCents(p.amount), paidSinceCents: toCents(p.paid_since), promisedFor: p.promised_for },
      asOf,
    );
    if (outcome === 'OPEN') continue;
    const settled = await settlePromise(rt.dataSource, p.id, outcome, asOf);
    if (settled) outcome === 'KEPT' ? run.promisesKept++ : run.promisesBroken++;
  }

  const standing = await standingPromises(rt.dataSource, asOf);
  const paused = new Set(
    standing
      .filter((p) => promisePauses({ status: p.status, promisedFor: p.promised_for }, asOf))
      .map((p) => p.account_id),
  );

  const invoices = await invoicesInCollection(rt.dataSource, asOf, policy.PRE_DUE_REMINDER);
  for (const inv of invoices) {
    if (paused.has(inv.account_id)) continue;
    const target = stageDue(inv.due_on, asOf, policy);
    if (target === 'NONE' || stageRank(target) <= stageRank(inv.collection_stage)) continue;
    const message = collectionMessage(target, { number: inv.number, balance: inv.balance, dueOn: inv.due_on });
    await rt.bus.transact(async (tx) => {
      const account = await lockAccount(tx, inv.account_id);
      if (!(await moveStage(tx, inv.id, inv.collection_stage, target))) return;
      await logCollectionAction(tx, {
        invoiceId: inv.id,
        accountId: inv.account_id,
        stage: target,
        message,
        on: asOf,
      });
      run.advanced.push({ invoiceId: inv.id, accountId: inv.account_id, stage: target, message });
      if (target === 'HOLD' && !account.on_hold) {
        const now = rt.clock.now();
        const reason = `Collection: invoice ${inv.number} unpaid ${policy.HOLD} days after its due date`;
        await setHold(tx, inv.account_id, reason, COLLECTION_ACTOR, now);
        await rt.bus.emit(tx, credit.holdPlaced, {
          accountId: inv.account_id,
          reason,
          placedBy: COLLECTION_ACTOR,
          placedAt: now.toISOString(),
        });
        await note(rt, tx, [creditEntries.hold(inv.account_id, true, now)]);
        run.holdsPlaced.push(inv.account_id);
      }
    });
  }
  return run;
}
