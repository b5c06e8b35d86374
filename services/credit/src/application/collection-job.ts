import { changedRows } from '@guest-graph/db';
import { credit } from '@guest-graph/events';
import { toCents } from '@guest-graph/subgraph-kit';
import {
  type ActiveStage,
  type CollectionPolicy,
  type CollectionStage,
  collectionMessage,
  promiseOutcome,
  promisePauses,
  stageDue,
  stageRank,
} from '../domain/collection-stage.js';
import { lockAccount } from '../persistence/credit-ledger.repository.js';
import type { Credit } from './index.js';

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

  const promises: { id: string; amount: string; paid_since: string; promised_for: string }[] =
    await rt.dataSource.query(
      `SELECT p.id, p.amount::text AS amount, to_char(p.promised_for, 'YYYY-MM-DD') AS promised_for,
              COALESCE((SELECT sum(y.amount) FROM credit.payment y
                         WHERE y.account_id = p.account_id AND y.received_on >= p.recorded_on
                           AND y.received_on <= $1::date), 0)::text AS paid_since
         FROM credit.payment_promise p WHERE p.status = 'OPEN'`,
      [asOf],
    );
  for (const p of promises) {
    const outcome = promiseOutcome(
      { amountCents: toCents(p.amount), paidSinceCents: toCents(p.paid_since), promisedFor: p.promised_for },
      asOf,
    );
    if (outcome === 'OPEN') continue;
    const changed = await changedRows(
      rt.dataSource,
      `UPDATE credit.payment_promise SET status = $2, settled_on = $3 WHERE id = $1 AND status = 'OPEN' RETURNING id`,
      [p.id, outcome, asOf],
    );
    if (changed.length) outcome === 'KEPT' ? run.promisesKept++ : run.promisesBroken++;
  }

  const standing: { account_id: string; status: 'OPEN' | 'KEPT' | 'BROKEN'; promised_for: string }[] =
    await rt.dataSource.query(
      `SELECT account_id, status, to_char(promised_for, 'YYYY-MM-DD') AS promised_for
         FROM credit.payment_promise WHERE status IN ('OPEN', 'KEPT') AND promised_for >= $1::date - 1`,
      [asOf],
    );
  const paused = new Set(
    standing
      .filter((p) => promisePauses({ status: p.status, promisedFor: p.promised_for }, asOf))
      .map((p) => p.account_id),
  );

  const invoices: {
    id: string;
    number: number;
    account_id: string;
    balance: string;
    due_on: string;
    collection_stage: CollectionStage;
  }[] = await rt.dataSource.query(
    `SELECT id, number::int AS number, account_id, balance::text AS balance,
            to_char(due_on, 'YYYY-MM-DD') AS due_on, collection_stage
       FROM credit.invoice
      WHERE balance > 0 AND NOT disputed AND due_on <= $1::date - $2::int
      ORDER BY due_on, number`,
    [asOf, policy.PRE_DUE_REMINDER],
  );
  for (const inv of invoices) {
    if (paused.has(inv.account_id)) continue;
    const target = stageDue(inv.due_on, asOf, policy);
    if (target === 'NONE' || stageRank(target) <= stageRank(inv.collection_stage)) continue;
    const message = collectionMessage(target, { number: inv.number, balance: inv.balance, dueOn: inv.due_on });
    await rt.bus.transact(async (tx) => {
      const account = await lockAccount(tx, inv.account_id);
      const moved = await changedRows(
        tx,
        `UPDATE credit.invoice SET collection_stage = $3
          WHERE id = $1 AND collection_stage = $2 AND balance > 0 AND NOT disputed RETURNING id`,
        [inv.id, inv.collection_stage, target],
      );
      if (!moved.length) return;
      await tx.query(
        `INSERT INTO credit.collection_action (invoice_id, account_id, stage, message, acted_on)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id, stage) DO NOTHING`,
        [inv.id, inv.account_id, target, message, asOf],
      );
      run.advanced.push({ invoiceId: inv.id, accountId: inv.account_id, stage: target, message });
      if (target === 'HOLD' && !account.on_hold) {
        const now = rt.clock.now();
        const reason = `Collection: invoice ${inv.number} unpaid ${policy.HOLD} days after its due date`;
        await tx.query(
          `UPDATE credit.credit_account SET on_hold = true, hold_reason = $2, hold_placed_by = $3,
                  hold_placed_at = $4, updated_at = $4 WHERE account_id = $1`,
          [inv.account_id, reason, COLLECTION_ACTOR, now],
        );
        await rt.bus.emit(tx, credit.holdPlaced, {
          accountId: inv.account_id,
          reason,
          placedBy: COLLECTION_ACTOR,
          placedAt: now.toISOString(),
        });
        run.holdsPlaced.push(inv.account_id);
      }
    });
  }
  return run;
}
