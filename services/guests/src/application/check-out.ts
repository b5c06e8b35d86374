import { randomUUID } from 'node:crypto';
import { credit, guests as events } from '@guest-graph/events';
import {
  askOrUnavailable,
  DomainError,
  fromCents,
  invalidState,
  isUuid,
  notFound,
  type RequestContext,
  toCents,
} from '@guest-graph/subgraph-kit';
import { type Charges, type CheckIn, totalOf } from '../domain/check-in.js';
import { mayServe } from '../domain/consent.js';
import { followUpAfterCheckOut } from '../domain/follow-up.js';
import { accountLine, guestLine } from '../domain/timeline.js';
import { addFollowUp } from '../persistence/follow-up.repository.js';
import { latestConsent, vipAndSegmentNow } from '../persistence/guest.repository.js';
import { refreshGuestValues } from '../persistence/guest-value.repository.js';
import type { StayEntity } from '../persistence/stay.entity.js';
import { insertCharges, lockStay, markCheckedOut, stayById } from '../persistence/stay.repository.js';
import type { GuestsDeps } from './deps.js';
import { noteForAccounts, recordTimelineEntry } from './timeline.js';

export type RestPaidBy = Exclude<CheckIn['paymentMethod'], 'DIRECT_BILL'> | null;

interface Settlement {
  directBilled: string | null;
  restPaidBy: string | null;
  restPaid: string | null;
}

/**
 * A direct-billed stay's final bill (room, F&B, everything) is asked of credit before it is posted: within the
 * account's credit it is billed whole; beyond it the desk must name how the rest is paid (`restPaidBy`), or the
 * check-out is refused with credit's code. Silence from credit refuses with SERVICE_UNAVAILABLE.
 */
async function settleDirectBill(
  deps: GuestsDeps,
  stay: StayEntity,
  total: string,
  restPaidBy: RestPaidBy,
): Promise<Settlement> {
  if (stay.paymentMethod !== 'DIRECT_BILL' || !stay.accountId)
    return { directBilled: null, restPaidBy: null, restPaid: null };
  const reply = await askOrUnavailable(
    deps.rt.bus,
    credit.authorizeCheckOut,
    { accountId: stay.accountId, amount: total, stayId: stay.id, guestId: stay.guestId, partial: restPaidBy !== null },
    {
      about: 'the direct bill',
      advice: 'try again, or settle the bill with another payment method',
      timeoutMs: deps.settings.creditTimeoutMs,
      refusalIsUnavailable: true,
    },
  );
  if (!reply.approved) {
    const code = reply.code === 'NO_CREDIT_TERMS' ? 'CREDIT_LIMIT_EXCEEDED' : reply.code;
    throw new DomainError(code, reply.message, {
      reason: reply.code,
      accountId: stay.accountId,
      amount: total,
      available: reply.available,
    });
  }
  const rest = toCents(total) - toCents(reply.billed);
  return rest > 0n
    ? { directBilled: reply.billed, restPaidBy, restPaid: fromCents(rest) }
    : { directBilled: reply.billed, restPaidBy: null, restPaid: null };
}

/**
 * Checks a stay out: its charges (the room at its rate when none are given), the direct bill authorised,
 * the event loyalty and accounts earn from, a VIP's follow-up call and the guest's refreshed value, in one
 * transaction.
 */
export async function checkOut(
  deps: GuestsDeps,
  ctx: RequestContext,
  stayId: string,
  given: Charges,
  restPaidBy: RestPaidBy = null,
): Promise<StayEntity> {
  const { rt } = deps;
  if (!isUuid(stayId)) throw notFound('Stay', stayId);
  const before = await stayById(rt.dataSource, stayId);
  if (!before) throw notFound('Stay', stayId);
  if (before.status !== 'IN_HOUSE') throw invalidState('This stay is already checked out', { stayId });
  // The folio is what the desk posts (contract: totalSpend is the sum of its charges, loyalty earns on them).
  const charges = given;
  const total = totalOf(charges);
  const settlement = await settleDirectBill(deps, before, total, restPaidBy);
  const now = rt.clock.now();
  return rt.bus.transact(async (tx) => {
    const stay = await lockStay(tx, stayId);
    if (!stay) throw notFound('Stay', stayId);
    if (stay.status !== 'IN_HOUSE') throw invalidState('This stay is already checked out', { stayId });
    await insertCharges(
      tx,
      charges.map((c, line) => ({ id: randomUUID(), stayId, line, outlet: c.outlet, amount: c.amount })),
    );
    const change = { totalSpend: total, checkedOutBy: ctx.identity.sub, checkedOutAt: now, ...settlement };
    if (!(await markCheckedOut(tx, stayId, change))) throw invalidState('This stay is already checked out', { stayId });
    Object.assign(stay, { status: 'CHECKED_OUT', ...change });
    await recordTimelineEntry(tx, {
      guestId: stay.originGuestId,
      at: now,
      key: `guests:checked-out:${stayId}`,
      ...guestLine.checkedOut(stay.nights, total),
    });
    if (stay.accountId)
      await noteForAccounts(deps, tx, [
        {
          subject: 'ACCOUNT',
          subjectId: stay.accountId,
          key: `guests:account-checked-out:${stayId}`,
          at: now.toISOString(),
          ...accountLine.checkedOut(stay.nights, total),
        },
      ]);
    const guest = await vipAndSegmentNow(tx, stay.guestId);
    await rt.bus.emit(
      tx,
      events.stayCheckedOut,
      {
        stayId,
        guestId: stay.guestId,
        propertyCode: stay.propertyCode,
        roomType: stay.roomType,
        arrivalDate: stay.arrivalDate,
        departureDate: stay.departureDate,
        nights: stay.nights,
        nightlyRate: stay.nightlyRate,
        paymentMethod: stay.paymentMethod as CheckIn['paymentMethod'],
        accountId: stay.accountId,
        charges: charges.map((c) => ({ outlet: c.outlet, amount: c.amount })),
        totalSpend: total,
        surveys: mayServe('SURVEYS', await latestConsent(tx, stay.guestId, 'SURVEYS', null)),
        ...(settlement.directBilled !== null
          ? { directBilled: settlement.directBilled, restPaidBy: settlement.restPaidBy as RestPaidBy }
          : {}),
        segment: guest.segment,
        checkedOutAt: now.toISOString(),
      },
      { requestId: ctx.requestId },
    );
    const today = rt.clock.dateOf(now);
    const followUp = followUpAfterCheckOut({ vip: guest.vip }, today);
    if (followUp) await addFollowUp(tx, followUp, { guestId: stay.guestId, stayId: stay.id }, now);
    await refreshGuestValues(tx, today, [stay.guestId]);
    return stay;
  });
}
