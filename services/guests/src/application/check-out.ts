import { randomUUID } from 'node:crypto';
import { guests as events } from '@guest-graph/events';
import { fromCents, invalidState, isUuid, notFound, type RequestContext, toCents } from '@guest-graph/subgraph-kit';
import type { Charges, CheckIn } from '../domain/check-in.js';
import { mayServe } from '../domain/consent.js';
import { followUpAfterCheckOut } from '../domain/follow-up.js';
import { accountLine, guestLine } from '../domain/timeline.js';
import { addFollowUp } from '../persistence/follow-up.repository.js';
import { isVipNow, latestConsent } from '../persistence/guest.repository.js';
import { refreshGuestValues } from '../persistence/guest-value.repository.js';
import type { StayEntity } from '../persistence/stay.entity.js';
import { insertCharges, lockStay, markCheckedOut } from '../persistence/stay.repository.js';
import type { GuestsDeps } from './deps.js';
import { noteForAccounts, recordTimelineEntry } from './timeline.js';

/**
 * Checks a stay out: its charges, the event loyalty and accounts earn from, a VIP's follow-up call and the
 * guest's refreshed value, in one transaction.
 */
export async function checkOut(
  deps: GuestsDeps,
  ctx: RequestContext,
  stayId: string,
  charges: Charges,
): Promise<StayEntity> {
  const { rt } = deps;
  if (!isUuid(stayId)) throw notFound('Stay', stayId);
  const now = rt.clock.now();
  return rt.bus.transact(async (tx) => {
    const stay = await lockStay(tx, stayId);
    if (!stay) throw notFound('Stay', stayId);
    if (stay.status !== 'IN_HOUSE') throw invalidState('This stay is already checked out', { stayId });
    const total = fromCents(charges.reduce((t, c) => t + toCents(c.amount), 0n));
    if (charges.length)
      await insertCharges(
        tx,
        charges.map((c, line) => ({ id: randomUUID(), stayId, line, outlet: c.outlet, amount: c.amount })),
      );
    const change = { totalSpend: total, checkedOutBy: ctx.identity.sub, checkedOutAt: now };
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
        checkedOutAt: now.toISOString(),
      },
      { requestId: ctx.requestId },
    );
    const today = rt.clock.dateOf(now);
    const followUp = followUpAfterCheckOut({ vip: await isVipNow(tx, stay.guestId) }, today);
    if (followUp) await addFollowUp(tx, followUp, { guestId: stay.guestId, stayId: stay.id }, now);
    await refreshGuestValues(tx, today, [stay.guestId]);
    return stay;
  });
}
