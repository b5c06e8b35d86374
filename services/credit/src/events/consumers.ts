import { credit, guests, serviceRecovery } from '@guest-graph/events';
import { compareMoney, multiplyMoney, type Runtime } from '@guest-graph/subgraph-kit';
import { dateOf } from '../domain/calendar.js';
import { updateReturning } from '../persistence/queryable.js';
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

  // Check-out ends the stay's hold; a direct-billed total becomes an open invoice (once per stay).
  await rt.bus.consume(guests.stayCheckedOut, {
    name: 'stay-checked-out',
    batch: 100,
    handler: async (tx, { data }) => {
      const [auth] = await updateReturning<{ account_id: string }>(
        tx,
        `UPDATE credit.authorization SET status = 'RELEASED', released_at = $2, release_reason = 'CHECKED_OUT'
          WHERE stay_id = $1 RETURNING account_id`,
        [data.stayId, new Date(data.checkedOutAt)],
      );
      // The check-in event may come after this one (separate consumers): leave a released row so it does not
      // hold the stay again.
      if (!auth && data.paymentMethod === 'DIRECT_BILL' && data.accountId)
        await tx.query(
          `INSERT INTO credit.authorization (account_id, stay_id, guest_id, amount, status, authorized_at, released_at, release_reason)
           VALUES ($1, $2, $3, 0, 'RELEASED', $4, $4, 'CHECKED_OUT') ON CONFLICT (stay_id) DO NOTHING`,
          [data.accountId, data.stayId, data.guestId, new Date(data.checkedOutAt)],
        );
      if (data.paymentMethod !== 'DIRECT_BILL') return;
      const accountId = data.accountId ?? auth?.account_id ?? null;
      if (!accountId) {
        rt.logger.warn({ stayId: data.stayId }, 'direct-billed stay checked out without an account; not invoiced');
        return;
      }
      await issueStayInvoice(tx, {
        accountId,
        stayId: data.stayId,
        guestId: data.guestId,
        amount: data.totalSpend,
        issuedOn: dateOf(data.checkedOutAt),
      });
    },
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
        issuedOn: dateOf(data.resolvedAt),
        caseId: data.caseId,
        causeKey: data.resolutionId ?? data.caseId,
        stayId: data.stayId,
        invoiceId: null,
      });
    },
  });
}
