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
  type RequestKey,
  requestKey,
} from '@guest-graph/subgraph-kit';
import { CREDIT_READERS, MANAGERS } from '../domain/access.js';
import { arrivalDateProblem, type CheckIn, nightsBetween } from '../domain/check-in.js';
import { accountLine, guestLine } from '../domain/timeline.js';
import type { GuestEntity } from '../persistence/guest.entity.js';
import { lockLiveGuest } from '../persistence/guest.repository.js';
import { staysByIds } from '../persistence/guest-read.repository.js';
import { guestsRequests } from '../persistence/request-once.repository.js';
import { closeReservation } from '../persistence/reservation.repository.js';
import { StayEntity } from '../persistence/stay.entity.js';
import { insertStay, overlappingStay } from '../persistence/stay.repository.js';
import type { GuestsDeps } from './deps.js';
import { noteForAccounts, recordTimelineEntry } from './timeline.js';

/**
 * Asks credit whether the account may be billed this stay. Refusals carry credit's own code; silence is a
 * clear SERVICE_UNAVAILABLE so the desk can take another payment method.
 */
async function authorizeDirectBill(
  deps: GuestsDeps,
  ctx: RequestContext,
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
  // Credit's own words name the account's available amount: only for those who may read the account's credit.
  if (canSee(ctx, CREDIT_READERS))
    throw new DomainError(reply.code, reply.message, { accountId: input.accountId, available: reply.available });
  throw new DomainError(
    reply.code,
    reply.code === 'CREDIT_HOLD'
      ? 'The account is on credit hold: it cannot be billed directly'
      : "The account's available credit does not cover this stay",
    { accountId: input.accountId },
  );
}

/**
 * The account a stay is for must exist: production and invoices hang on it. Accounts is asked (its own
 * projection is the truth); silence refuses with SERVICE_UNAVAILABLE, so the desk can check in without it.
 */
export async function confirmAccount(deps: GuestsDeps, accountId: string): Promise<void> {
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

/** The arrival may not be after the hotel's today (the domain rule). */
function checkArrivalDate(deps: GuestsDeps, arrival: string) {
  const problem = arrivalDateProblem(arrival, deps.rt.clock.today());
  if (problem) throw badInput('input.arrivalDate', `input.arrivalDate: ${problem}`);
}

/** One guest is in one stay a night: a stay sharing a night with this one refuses the check-in. */
async function refuseOverlap(
  deps: GuestsDeps,
  db: Parameters<typeof overlappingStay>[0],
  input: CheckIn,
  guestId: string,
) {
  const other = await overlappingStay(db, guestId, input.arrivalDate, input.departureDate);
  if (other)
    throw invalidState(
      `This guest already has a stay from ${other.arrivalDate} to ${other.departureDate} over some of these nights`,
      { reason: 'OVERLAPPING_STAY', stayId: other.id },
    );
}

/**
 * Checks a (live) guest in: the account and the direct bill are confirmed first, then the stay and its event.
 * The same `requestId` again from the same caller answers with the first stay: a retry that finds it done asks
 * credit nothing; two racing each other are decided by the claim in the stay's transaction.
 */
export async function checkIn(
  deps: GuestsDeps,
  ctx: RequestContext,
  input: CheckIn,
  guest: GuestEntity,
  reservationId: string | null = null,
): Promise<StayEntity> {
  const { rt } = deps;
  const once = requestKey(ctx.identity.sub, 'checkIn', input.requestId);
  const done = once ? await guestsRequests.firstResult(rt.dataSource, once) : null;
  if (done) return firstStay(deps, done);
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
  if (input.paymentMethod !== 'DIRECT_BILL')
    return writeStay(deps, ctx, input, guest, stayId, nights, null, once, reservationId);
  let held = false;
  try {
    const authorizationId = await authorizeDirectBill(deps, ctx, input, stayId, guest.id, nights);
    held = true;
    const stay = await writeStay(deps, ctx, input, guest, stayId, nights, authorizationId, once, reservationId);
    // A retry that lost the race to another: the other's stay stands, this attempt's hold is let go.
    if (stay.id !== stayId) await abandonCheckIn(deps, ctx, stayId, input.accountId!);
    return stay;
  } catch (e) {
    // A hold credit granted for a stay not written, or one it may have granted after we stopped waiting: credit
    // is told to let it go now rather than after its window. A refusal holds nothing: nothing to say.
    const noAnswer = e instanceof DomainError && e.extensions.reason === 'NO_ANSWER';
    if (held || noAnswer) await abandonCheckIn(deps, ctx, stayId, input.accountId!);
    throw e;
  }
}

/** Tells credit (through the outbox, so it is not lost) that a stay it was asked to hold for never happened. */
async function abandonCheckIn(deps: GuestsDeps, ctx: RequestContext, stayId: string, accountId: string) {
  const { rt } = deps;
  try {
    await rt.bus.transact((tx) =>
      rt.bus.emit(
        tx,
        events.stayCheckInAbandoned,
        { stayId, accountId, abandonedAt: rt.clock.now().toISOString() },
        { requestId: ctx.requestId },
      ),
    );
  } catch (e) {
    // The hold still ends with credit's window for unconfirmed holds; the desk's answer is not held up for it.
    ctx.logger.warn({ err: e, stayId }, 'could not tell credit of an abandoned check-in');
  }
}

async function writeStay(
  deps: GuestsDeps,
  ctx: RequestContext,
  input: CheckIn,
  guest: GuestEntity,
  stayId: string,
  nights: number,
  authorizationId: string | null,
  once: RequestKey | null,
  reservationId: string | null,
): Promise<StayEntity> {
  const { rt } = deps;
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
    reservationId,
  } satisfies StayEntity);
  const earlier = await rt.bus.transact(async (tx) => {
    const first = once ? await guestsRequests.claim(tx, once) : null;
    if (first) return first;
    // Two desks checking the same guest in at once: the second waits here, then sees the first stay.
    await lockLiveGuest(tx, guest.id);
    await refuseOverlap(deps, tx, input, guest.id);
    await insertStay(tx, stay);
    // The reservation is honoured by this stay or by none: a desk that lost the race to another (or to a
    // cancellation) writes nothing.
    if (
      reservationId &&
      !(await closeReservation(tx, reservationId, { status: 'CHECKED_IN', by: ctx.identity.sub, at: now, stayId }))
    )
      throw invalidState('The reservation is no longer booked: it was checked in, cancelled or marked a no-show', {
        reason: 'RESERVATION_CLOSED',
        reservationId,
      });
    await recordTimelineEntry(tx, {
      guestId: guest.id,
      at: now,
      key: `guests:checked-in:${stayId}`,
      ...guestLine.checkedIn(nights, stay.roomType),
    });
    if (stay.accountId)
      await noteForAccounts(deps, tx, [
        {
          subject: 'ACCOUNT',
          subjectId: stay.accountId,
          key: `guests:account-checked-in:${stayId}`,
          at: now.toISOString(),
          ...accountLine.checkedIn(nights, stay.roomType),
        },
      ]);
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
    if (once) await guestsRequests.settle(tx, once, stayId);
    return null;
  });
  return earlier ? firstStay(deps, earlier) : stay;
}

async function firstStay(deps: GuestsDeps, stayId: string): Promise<StayEntity> {
  const [stay] = await staysByIds(deps.rt.dataSource, [stayId]);
  if (!stay) throw new Error(`stay ${stayId} of a settled request is gone`);
  return stay;
}
