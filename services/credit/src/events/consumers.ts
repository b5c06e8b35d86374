import { changedRows } from '@guest-graph/db';
import { credit, type EventData, guests, serviceRecovery } from '@guest-graph/events';
import { compareMoney, multiplyMoney, type Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { authorizeDirectBill } from '../workflows/direct-bill.js';
import { issueCreditNote, issueStayInvoice } from '../workflows/receivables.js';

/** What credit listens to and answers. Every effect commits with its inbox row (applied once). */
export async function startConsumers(rt: Runtime) {
  rt.bus.respond(credit.authorizeDirectBill, (q) => authorizeDirectBill(rt, q));

  // Check-in confirms the stay's hold. A direct-bill check-in the desk never asked about (an older terminal, a
  // question that timed out after credit answered) is held now: the stay is in house either way.
  await rt.bus.consume(guests.stayCheckedIn, {
    name: 'stay-checked-in',
    batch: 100,
    handler: async (tx, { data }) => {
      if (data.paymentMethod !== 'DIRECT_BILL' || !data.accountId) return;
      await tx.query(
        `INSERT INTO credit.authorization (account_id, stay_id, guest_id, amount, authorized_at, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (stay_id) DO UPDATE SET confirmed_at = EXCLUDED.confirmed_at, status = 'HELD',
                released_at = NULL, release_reason = NULL
          WHERE credit.authorization.status = 'HELD' OR credit.authorization.release_reason = 'ABANDONED'`,
        [
          data.accountId,
          data.stayId,
          data.guestId,
          multiplyMoney(data.nightlyRate, data.nights),
          new Date(data.checkedInAt),
        ],
      );
    },
  });

  // Check-out ends the stay's hold; a direct-billed total becomes an open invoice (once per stay). One path
  // for one check-out and for a backlog taken many to a transaction.
  await rt.bus.consume(guests.stayCheckedOut, {
    name: 'stay-checked-out',
    batch: 200,
    handleMany: (tx, events) =>
      closeStays(
        rt,
        tx,
        events.map((e) => e.data),
      ),
  });

  // A complaint resolved with a credit on a direct-billed stay's bill: one credit note per resolution
  // (a reopened case resolved again may carry a further credit).
  await rt.bus.consume(serviceRecovery.caseResolved, {
    name: 'case-resolved',
    handler: async (tx, { data }) => {
      if (!data.billCredit || !data.accountId || compareMoney(data.billCredit, '0') <= 0) return;
      await issueCreditNote(tx, {
        accountId: data.accountId,
        amount: data.billCredit,
        reason: `Service recovery: case ${data.caseId} (${data.category})`,
        issuedOn: rt.clock.dateOf(data.resolvedAt),
        caseId: data.caseId,
        causeKey: data.resolutionId ?? data.caseId,
        stayId: data.stayId,
        invoiceId: null,
      });
    },
  });
}

type CheckedOut = EventData<typeof guests.stayCheckedOut>;

/**
 * Stays checked out: every hold released in one statement; a direct-billed stay whose check-in event has not
 * come yet gets a released row, so that event does not hold it again; each direct-billed total is invoiced
 * (once per stay, under its account's lock).
 */
async function closeStays(rt: Runtime, tx: EntityManager, stays: CheckedOut[]) {
  const released = await changedRows<{ stay_id: string; account_id: string }>(
    tx,
    `UPDATE credit.authorization a SET status = 'RELEASED', released_at = v.at, release_reason = 'CHECKED_OUT'
       FROM unnest($1::uuid[], $2::timestamptz[]) AS v(stay_id, at)
      WHERE a.stay_id = v.stay_id RETURNING a.stay_id, a.account_id`,
    [stays.map((s) => s.stayId), stays.map((s) => new Date(s.checkedOutAt))],
  );
  const heldFor = new Map(released.map((r) => [r.stay_id, r.account_id]));
  const unheld = stays.filter((s) => !heldFor.has(s.stayId) && s.paymentMethod === 'DIRECT_BILL' && s.accountId);
  if (unheld.length)
    await tx.query(
      `INSERT INTO credit.authorization (account_id, stay_id, guest_id, amount, status, authorized_at, released_at, release_reason)
       SELECT a, s, g, 0, 'RELEASED', t, t, 'CHECKED_OUT' FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[]) AS v(a, s, g, t)
       ON CONFLICT (stay_id) DO NOTHING`,
      [
        unheld.map((s) => s.accountId),
        unheld.map((s) => s.stayId),
        unheld.map((s) => s.guestId),
        unheld.map((s) => new Date(s.checkedOutAt)),
      ],
    );
  for (const data of stays) {
    if (data.paymentMethod !== 'DIRECT_BILL') continue;
    const accountId = data.accountId ?? heldFor.get(data.stayId) ?? null;
    if (!accountId) {
      rt.logger.warn({ stayId: data.stayId }, 'direct-billed stay checked out without an account; not invoiced');
      continue;
    }
    await issueStayInvoice(tx, {
      accountId,
      stayId: data.stayId,
      guestId: data.guestId,
      amount: data.totalSpend,
      issuedOn: rt.clock.dateOf(data.checkedOutAt),
    });
  }
}
