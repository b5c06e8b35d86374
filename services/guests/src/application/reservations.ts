import { randomUUID } from 'node:crypto';
import {
  badInput,
  canSee,
  forbidden,
  invalidState,
  isUuid,
  notFound,
  parseInput,
  type RequestContext,
  requestKey,
} from '@guest-graph/subgraph-kit';
import { checkInSchema, nightsBetween } from '../domain/check-in.js';
import {
  areaOf,
  noShowProblem,
  PREPARATION_CATEGORIES,
  PREPARERS,
  type PreparationArea,
  parsePreparationItemId,
  preparationItemId,
  type ReservationCheckIn,
  type Reserve,
  reservationArrivalProblem,
} from '../domain/reservation.js';
import { accountLine, guestLine } from '../domain/timeline.js';
import type { GuestEntity } from '../persistence/guest.entity.js';
import { lockLiveGuest } from '../persistence/guest.repository.js';
import { guestsRequests } from '../persistence/request-once.repository.js';
import {
  closeReservation,
  insertReservation,
  lockReservation,
  markPrepared,
  overlappingReservation,
  type PreparationRow,
  preparationRow,
  preparationRows,
  type ReservationRow,
  reservationsByIds,
} from '../persistence/reservation.repository.js';
import { checkIn, confirmAccount } from './check-in.js';
import type { GuestsDeps } from './deps.js';
import { noteForAccounts, recordTimelineEntry } from './timeline.js';

/** A guest's BOOKED reservations do not share a night: the desk would prepare two rooms for one guest. */
async function refuseOverlap(db: Parameters<typeof overlappingReservation>[0], guestId: string, input: Reserve) {
  const other = await overlappingReservation(db, guestId, input.arrivalDate, input.departureDate);
  if (other)
    throw invalidState(
      `This guest already has a reservation from ${other.arrivalDate} to ${other.departureDate} over some of these nights`,
      { reason: 'OVERLAPPING_RESERVATION', reservationId: other.id },
    );
}

async function reservationOf(deps: GuestsDeps, id: string): Promise<ReservationRow> {
  const [r] = await reservationsByIds(deps.rt.dataSource, [id]);
  if (!r) throw new Error(`reservation ${id} is gone`);
  return r;
}

/**
 * Books a room for a (live) guest: dates from the hotel's today on, an account that exists (asked of accounts,
 * as check-in does). Credit is asked at check-in, when the amount is known for sure. The reservation and its
 * timeline lines commit together; the same `requestId` again answers with the first reservation.
 */
export async function reserveRoom(
  deps: GuestsDeps,
  ctx: RequestContext,
  input: Reserve,
  guest: GuestEntity,
): Promise<ReservationRow> {
  const { rt } = deps;
  const once = requestKey(ctx.identity.sub, 'reserveRoom', input.requestId);
  const done = once ? await guestsRequests.firstResult(rt.dataSource, once) : null;
  if (done) return reservationOf(deps, done);
  const problem = reservationArrivalProblem(input.arrivalDate, rt.clock.today());
  if (problem) throw badInput('input.arrivalDate', `input.arrivalDate: ${problem}`);
  await refuseOverlap(rt.dataSource, guest.id, input);
  if (input.accountId) await confirmAccount(deps, input.accountId);
  const now = rt.clock.now();
  const row: ReservationRow = {
    id: randomUUID(),
    guestId: guest.id,
    originGuestId: guest.id,
    propertyCode: input.propertyCode,
    roomType: input.roomType,
    arrivalDate: input.arrivalDate,
    departureDate: input.departureDate,
    nights: nightsBetween(input.arrivalDate, input.departureDate),
    nightlyRate: input.nightlyRate,
    purpose: input.purpose ?? null,
    paymentMethod: input.paymentMethod ?? null,
    accountId: input.accountId ?? null,
    notes: input.notes ?? null,
    status: 'BOOKED',
    stayId: null,
    bookedBy: ctx.identity.sub,
    bookedAt: now,
    closedBy: null,
    closedAt: null,
    cancelReason: null,
  };
  const earlier = await rt.bus.transact(async (tx) => {
    const first = once ? await guestsRequests.claim(tx, once) : null;
    if (first) return first;
    // Two desks booking the same guest at once: the second waits here, then sees the first reservation.
    await lockLiveGuest(tx, guest.id);
    await refuseOverlap(tx, guest.id, input);
    await insertReservation(tx, row);
    await recordTimelineEntry(tx, {
      guestId: guest.id,
      at: now,
      key: `guests:reserved:${row.id}`,
      ...guestLine.reserved(row.arrivalDate, row.nights, row.roomType),
    });
    if (row.accountId)
      await noteForAccounts(deps, tx, [
        {
          subject: 'ACCOUNT',
          subjectId: row.accountId,
          key: `guests:account-reserved:${row.id}`,
          at: now.toISOString(),
          ...accountLine.reserved(row.arrivalDate, row.nights, row.roomType),
        },
      ]);
    if (once) await guestsRequests.settle(tx, once, row.id);
    return null;
  });
  return earlier ? reservationOf(deps, earlier) : row;
}

/**
 * Cancels a booked reservation, or marks it a no-show once its day has come. Anything but BOOKED is
 * INVALID_STATE: a checked-in reservation has a stay, a closed one stays closed.
 */
export async function closeBooking(
  deps: GuestsDeps,
  ctx: RequestContext,
  id: string,
  status: 'CANCELLED' | 'NO_SHOW',
  reason: string | null,
): Promise<ReservationRow> {
  const { rt } = deps;
  if (!isUuid(id)) throw notFound('Reservation', id);
  await rt.bus.transact(async (tx) => {
    const r = await lockReservation(tx, id);
    if (!r) throw notFound('Reservation', id);
    if (r.status !== 'BOOKED')
      throw invalidState(`The reservation is ${r.status}, not BOOKED`, { reason: r.status, reservationId: id });
    if (status === 'NO_SHOW') {
      const problem = noShowProblem(r.arrivalDate, rt.clock.today());
      if (problem) throw invalidState(problem, { reason: 'NOT_YET_DUE', reservationId: id });
    }
    const now = rt.clock.now();
    await closeReservation(tx, id, { status, by: ctx.identity.sub, at: now, reason: reason ?? undefined });
    // Under the guest it was booked for, as its RESERVATION_MADE line and the backfill name it.
    await recordTimelineEntry(tx, {
      guestId: r.originGuestId,
      at: now,
      key: `guests:reservation-closed:${id}`,
      ...guestLine.reservationClosed(status, r.arrivalDate),
    });
    if (r.accountId)
      await noteForAccounts(deps, tx, [
        {
          subject: 'ACCOUNT',
          subjectId: r.accountId,
          key: `guests:account-reservation-closed:${id}`,
          at: now.toISOString(),
          ...accountLine.reservationClosed(status, r.arrivalDate),
        },
      ]);
  });
  return reservationOf(deps, id);
}

/**
 * Checks in the guest of a booked reservation: the reservation fills the check-in (what the desk gives
 * overrides it), every check-in rule applies as at the desk (arrival not after today, overlap, direct bill
 * with credit), and the reservation turns CHECKED_IN in the stay's own transaction.
 */
export async function checkInReservation(
  deps: GuestsDeps,
  ctx: RequestContext,
  reservationId: string,
  given: ReservationCheckIn,
  guestOf: (guestId: string) => Promise<GuestEntity | null>,
) {
  if (!isUuid(reservationId)) throw notFound('Reservation', reservationId);
  const [r] = await reservationsByIds(deps.rt.dataSource, [reservationId]);
  if (!r) throw notFound('Reservation', reservationId);
  // A retry of a check-in that went through finds its stay, whatever the reservation says now.
  const retry = requestKey(ctx.identity.sub, 'checkIn', given.requestId);
  if (r.status !== 'BOOKED' && !(retry && (await guestsRequests.firstResult(deps.rt.dataSource, retry))))
    throw invalidState(`The reservation is ${r.status}, not BOOKED`, { reason: r.status, reservationId });
  const paymentMethod =
    given.paymentMethod ?? r.paymentMethod ?? ((given.accountId ?? r.accountId) ? 'DIRECT_BILL' : null);
  if (!paymentMethod) throw badInput('input.paymentMethod', 'input.paymentMethod: how is the stay paid?');
  const input = parseInput(
    checkInSchema,
    {
      guestId: r.guestId,
      propertyCode: r.propertyCode,
      roomType: r.roomType,
      roomNumber: given.roomNumber ?? null,
      arrivalDate: given.arrivalDate ?? r.arrivalDate,
      departureDate: given.departureDate ?? r.departureDate,
      nightlyRate: given.nightlyRate ?? r.nightlyRate,
      purpose: r.purpose,
      paymentMethod,
      accountId: given.accountId ?? r.accountId,
      requestId: given.requestId ?? null,
    },
    'input',
  );
  const guest = await guestOf(r.guestId);
  if (!guest) throw notFound('Guest', r.guestId);
  return checkIn(deps, ctx, { ...input, guestId: guest.id }, guest, reservationId);
}

export interface PreparationItem extends PreparationRow {
  id: string;
  area: PreparationArea;
}

export const itemOf = (row: PreparationRow): PreparationItem => ({
  ...row,
  id: preparationItemId(row.reservationId, row.preferenceId),
  area: areaOf(row.category)!,
});

/**
 * The preparation list of a day (the hotel's today by default): for each guest expected that day (booked, or
 * checked in from the reservation already), the current preferences housekeeping or F&B prepare, and who
 * marked each done. One statement for the whole list.
 */
export async function preparationList(deps: GuestsDeps, day: string | null | undefined, area?: PreparationArea | null) {
  const date = day ?? deps.rt.clock.today();
  const categories = area
    ? PREPARATION_CATEGORIES[area]
    : [...PREPARATION_CATEGORIES.ROOM, ...PREPARATION_CATEGORIES.TABLE];
  const rows = await preparationRows(deps.rt.dataSource, date, categories);
  return { date, items: rows.map(itemOf) };
}

/**
 * Marks an item done by the caller. Housekeeping marks room items, F&B table items, the desk and managers
 * any. A second mark changes nothing: the first who did it, and when, stay.
 */
export async function markPreparationDone(deps: GuestsDeps, ctx: RequestContext, itemId: string) {
  const ids = parsePreparationItemId(itemId);
  if (!ids) throw notFound('PreparationItem', itemId);
  const row = await preparationRow(deps.rt.dataSource, ids.reservationId, ids.preferenceId);
  const area = row && areaOf(row.category);
  if (!row || !area) throw notFound('PreparationItem', itemId);
  if (!canSee(ctx, [...PREPARERS[area]]))
    throw forbidden(
      area === 'ROOM'
        ? 'Room items are marked by housekeeping (or the desk)'
        : 'Table items are marked by F&B (or the desk)',
    );
  if (!row.doneBy) {
    if (row.status !== 'BOOKED' && row.status !== 'CHECKED_IN')
      throw invalidState(`The reservation is ${row.status}: nothing to prepare`, { reason: row.status });
    if (!row.current)
      throw invalidState('The guest changed this preference: prepare the current one', { reason: 'SUPERSEDED' });
    await markPrepared(deps.rt.dataSource, {
      reservationId: row.reservationId,
      preferenceId: row.preferenceId,
      category: row.category,
      value: row.value,
      by: ctx.identity.sub,
      byName: ctx.identity.name,
      at: deps.rt.clock.now(),
    });
  }
  return itemOf((await preparationRow(deps.rt.dataSource, ids.reservationId, ids.preferenceId))!);
}
