import { randomUUID } from 'node:crypto';
import { accounts, credit, guests as events } from '@guest-graph/events';
import {
  askOrUnavailable,
  badInput,
  canSee,
  DomainError,
  invalidState,
  multiplyMoney,
  type RequestContext,
} from '@guest-graph/subgraph-kit';
import { MANAGERS } from '../domain/access.js';
import { arrivalDateProblem, type CheckIn, nightsBetween } from '../domain/check-in.js';
import type { GuestEntity } from '../persistence/guest.entity.js';
import { lockLiveGuest } from '../persistence/guest.repository.js';
import { StayEntity } from '../persistence/stay.entity.js';
import { insertStay, overlappingStay } from '../persistence/stay.repository.js';
import type { GuestsDeps } from './deps.js';

/**
 * Asks credit whether the account may be billed this stay. Refusals carry credit's own code; silence is a
 * clear SERVICE_UNAVAILABLE so the desk can take another payment method.
 */
async function authorizeDirectBill(
  deps: GuestsDeps,
  input: CheckIn,
  stayId: string,
  guestId: string,
  nights: number,
): Promise<string> {
  const amount = multiplyMoney(input.nightlyRate, nights);
  const reply = await askOrUnavailable(
    deps.rt.bus,
    credit.authorizeDirectBill,
    { accountId: input.accountId!, amount, stayId, guestId },
    {
      about: 'the direct bill',
      advice: 'check in with another payment method or try again',
      timeoutMs: deps.settings.creditTimeoutMs,
      refusalIsUnavailable: true,
    },
  );
  if (reply.approved) return reply.authorizationId;
  if (reply.code === 'NO_CREDIT_TERMS')
    throw new DomainError('CREDIT_LIMIT_EXCEEDED', 'The account has no credit terms: it cannot be billed directly', {
      reason: 'NO_CREDIT_TERMS',
      accountId: input.accountId,
    });
  throw new DomainError(reply.code, reply.message, { accountId: input.accountId, available: reply.available });
}

/**
 * The account a stay is for must exist: production and invoices hang on it. Accounts is asked (its own
 * projection is the truth); silence refuses with SERVICE_UNAVAILABLE, so the desk can check in without it.
 */
async function confirmAccount(deps: GuestsDeps, accountId: string): Promise<void> {
  const reply = await askOrUnavailable(
    deps.rt.bus,
    accounts.lookupAccounts,
    { ids: [accountId] },
    {
      about: 'the account',
      advice: 'check in without it or try again',
      timeoutMs: deps.settings.creditTimeoutMs,
      refusalIsUnavailable: true,
    },
  );
  if (!reply.accounts.some((a) => a.id === accountId))
    throw badInput('input.accountId', 'input.accountId: no such account');
}

/** The arrival must be today at the hotel (with the late-night grace of the domain rule). */
function checkArrivalDate(deps: GuestsDeps, arrival: string) {
  const { clock } = deps.rt;
  const now = clock.now();
  const today = clock.dateOf(now);
  const hoursIntoToday = (now.getTime() - clock.startOfDay(today).getTime()) / 3_600_000;
  const problem = arrivalDateProblem(arrival, today, hoursIntoToday);
  if (problem) throw badInput('input.arrivalDate', `input.arrivalDate: ${problem}`);
}

/** One guest is in one stay a night: a stay sharing a night with this one refuses the check-in. */
async function refuseOverlap(
  deps: GuestsDeps,
  db: Parameters<typeof overlappingStay>[0],
  input: CheckIn,
  guestId: string,
) {
  const other = await overlappingStay(db, guestId, input.arrivalDate, input.departureDate, deps.rt.clock.timeZone);
  if (other)
    throw invalidState(
      `This guest already has a stay from ${other.arrivalDate} to ${other.departureDate} over some of these nights`,
      { reason: 'OVERLAPPING_STAY', stayId: other.id },
    );
}

/** Checks a (live) guest in: the account and the direct bill are confirmed first, then the stay and its event. */
export async function checkIn(
  deps: GuestsDeps,
  ctx: RequestContext,
  input: CheckIn,
  guest: GuestEntity,
): Promise<StayEntity> {
  const { rt } = deps;
  // A blocklisted guest is not checked in at the desk without a manager (who may override).
  const block = guest.restrictions.find((r) => r.type === 'BLOCKLISTED');
  if (block && !canSee(ctx, MANAGERS))
    throw invalidState(`This guest is blocklisted: ${block.reason}. A manager must check them in.`, {
      reason: 'BLOCKLISTED',
    });
  checkArrivalDate(deps, input.arrivalDate);
  const nights = nightsBetween(input.arrivalDate, input.departureDate);
  // Asked before credit, so a refused check-in leaves no hold behind; asked again under the guest's lock below.
  await refuseOverlap(deps, rt.dataSource, input, guest.id);
  // The stay id exists before credit is asked, so credit's hold names the stay it is for.
  const stayId = randomUUID();
  if (input.accountId) await confirmAccount(deps, input.accountId);
  const authorizationId =
    input.paymentMethod === 'DIRECT_BILL' ? await authorizeDirectBill(deps, input, stayId, guest.id, nights) : null;
  const now = rt.clock.now();
  const stay = Object.assign(new StayEntity(), {
    id: stayId,
    guestId: guest.id,
    originGuestId: guest.id,
    propertyCode: input.propertyCode,
    roomType: input.roomType,
    roomNumber: input.roomNumber ?? null,
    arrivalDate: input.arrivalDate,
    departureDate: input.departureDate,
    nights,
    nightlyRate: input.nightlyRate,
    purpose: input.purpose ?? null,
    paymentMethod: input.paymentMethod,
    accountId: input.accountId ?? null,
    authorizationId,
    status: 'IN_HOUSE' as const,
    totalSpend: null,
    checkedInBy: ctx.identity.sub,
    checkedInAt: now,
    checkedOutBy: null,
    checkedOutAt: null,
  } satisfies StayEntity);
  await rt.bus.transact(async (tx) => {
    // Two desks checking the same guest in at once: the second waits here, then sees the first stay.
    await lockLiveGuest(tx, guest.id);
    await refuseOverlap(deps, tx, input, guest.id);
    await insertStay(tx, stay);
    await rt.bus.emit(
      tx,
      events.stayCheckedIn,
      {
        stayId,
        guestId: guest.id,
        propertyCode: stay.propertyCode,
        roomType: stay.roomType,
        roomNumber: stay.roomNumber,
        arrivalDate: stay.arrivalDate,
        departureDate: stay.departureDate,
        nights,
        nightlyRate: stay.nightlyRate,
        paymentMethod: input.paymentMethod,
        accountId: stay.accountId,
        checkedInAt: now.toISOString(),
      },
      { requestId: ctx.requestId },
    );
  });
  return stay;
}
