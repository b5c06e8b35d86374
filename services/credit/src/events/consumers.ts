import { credit, guests, serviceRecovery } from '@guest-graph/events';
import { compareMoney, type Runtime } from '@guest-graph/subgraph-kit';
import { dateOf } from '../domain/calendar.js';
import { updateReturning } from '../persistence/queryable.js';
import { authorizeDirectBill } from '../workflows/direct-bill.js';
import { issueCreditNote, issueStayInvoice } from '../workflows/receivables.js';

/** What credit listens to and answers. Every effect commits with its inbox row (applied once). */
export async function startConsumers(rt: Runtime) {
  rt.bus.respond(credit.authorizeDirectBill, (q) => authorizeDirectBill(rt, q));

  // Check-out ends the stay's hold; a direct-billed total becomes an open invoice (once per stay).
  await rt.bus.consume(guests.stayCheckedOut, {
    name: 'stay-checked-out',
    handler: async (tx, { data }) => {
      const [auth] = await updateReturning<{ account_id: string }>(
        tx,
        `UPDATE credit.authorization SET status = 'RELEASED', released_at = $2
          WHERE stay_id = $1 AND status = 'HELD' RETURNING account_id`,
        [data.stayId, new Date(data.checkedOutAt)],
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

  // A complaint resolved with a credit on a direct-billed stay's bill: one credit note per case.
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
        stayId: data.stayId,
        invoiceId: null,
      });
    },
  });
}
