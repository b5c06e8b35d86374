import type { EventData, guests, serviceRecovery } from '@guest-graph/events';
import { compareMoney, multiplyMoney } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import {
  confirmHold,
  recordReleasedAtCheckOut,
  releaseAbandonedStay,
  releaseAtCheckOut,
} from '../persistence/authorization.repository.js';
import type { Credit } from './index.js';
import { issueCreditNote, issueStayInvoice } from './receivables.js';
import { creditEntries, note } from './timeline.js';

/**
 * Check-in confirms the stay's hold. A direct-bill check-in the desk never asked about (an older terminal, a
 * question that timed out after credit answered) is held now: the stay is in house either way.
 */
export async function holdAtCheckIn(tx: EntityManager, data: EventData<typeof guests.stayCheckedIn>) {
  if (data.paymentMethod !== 'DIRECT_BILL' || !data.accountId) return;
  await confirmHold(tx, {
    accountId: data.accountId,
    stayId: data.stayId,
    guestId: data.guestId,
    amount: multiplyMoney(data.nightlyRate, data.nights),
    at: new Date(data.checkedInAt),
  });
}

/** The desk gave up on a direct-billed check-in after asking: its hold stops eating the account's headroom now. */
export async function releaseAbandonedCheckIn(tx: EntityManager, data: EventData<typeof guests.stayCheckInAbandoned>) {
  await releaseAbandonedStay(tx, data.stayId, new Date(data.abandonedAt));
}

type CheckedOut = EventData<typeof guests.stayCheckedOut>;

/**
 * Stays checked out: every hold released in one statement; a direct-billed stay whose check-in event has not
 * come yet gets a released row, so that event does not hold it again; each direct-billed total is invoiced
 * (once per stay, under its account's lock).
 */
export async function closeStays(app: Credit, tx: EntityManager, stays: CheckedOut[]) {
  const released = await releaseAtCheckOut(
    tx,
    stays.map((s) => ({ stayId: s.stayId, at: new Date(s.checkedOutAt) })),
  );
  const heldFor = new Map(released.map((r) => [r.stay_id, r.account_id]));
  const unheld = stays.filter((s) => !heldFor.has(s.stayId) && s.paymentMethod === 'DIRECT_BILL' && s.accountId);
  if (unheld.length)
    await recordReleasedAtCheckOut(
      tx,
      unheld.map((s) => ({
        accountId: s.accountId!,
        stayId: s.stayId,
        guestId: s.guestId,
        at: new Date(s.checkedOutAt),
      })),
    );
  for (const data of stays) {
    if (data.paymentMethod !== 'DIRECT_BILL') continue;
    const accountId = data.accountId ?? heldFor.get(data.stayId) ?? null;
    if (!accountId) {
      app.logger.warn({ stayId: data.stayId }, 'direct-billed stay checked out without an account; not invoiced');
      continue;
    }
    // The desk may have settled an excess over the account's credit another way: only the billed part is owed.
    const billed = data.directBilled ?? data.totalSpend;
    if (compareMoney(billed, '0') <= 0) continue;
    const invoiceId = await issueStayInvoice(tx, {
      accountId,
      stayId: data.stayId,
      guestId: data.guestId,
      amount: billed,
      issuedOn: app.clock.dateOf(data.checkedOutAt),
    });
    if (invoiceId)
      await note(
        app,
        tx,
        creditEntries.invoice({ id: invoiceId, accountId, guestId: data.guestId, amount: billed }, app.clock.now()),
      );
  }
}

/**
 * A complaint resolved with a credit on a direct-billed stay's bill: one credit note per resolution (a
 * reopened case resolved again may carry a further credit).
 */
export async function creditForCase(
  app: Credit,
  tx: EntityManager,
  data: EventData<typeof serviceRecovery.caseResolved>,
) {
  if (!data.billCredit || !data.accountId || compareMoney(data.billCredit, '0') <= 0) return;
  await issueCreditNote(tx, {
    accountId: data.accountId,
    amount: data.billCredit,
    reason: `Service recovery: case ${data.caseId} (${data.category})`,
    issuedOn: app.clock.dateOf(data.resolvedAt),
    caseId: data.caseId,
    causeKey: data.resolutionId ?? data.caseId,
    stayId: data.stayId,
    invoiceId: null,
  });
}
