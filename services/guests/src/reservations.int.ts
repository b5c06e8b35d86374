import type { Role } from '@guest-graph/auth';
import { addDays, ManualClock } from '@guest-graph/subgraph-kit';
import { onHotelDate, sql, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountLine } from './domain/timeline.js';
import { guestsService } from './index.js';
import { eraseGuests, guestRecords } from './persistence/guest-data.repository.js';
import { accountStayHistory, ownHistory } from './persistence/timeline.repository.js';

// Reservations and the morning's preparation list (issue 23, practice 2; seed 000 §3.1(3), seed 001 §二 §三):
// a reservation is an expected arrival, its guest's preferences become the day's list for housekeeping and F&B,
// each item marked done once, and the check-in from it links the stay in the same transaction.
const clock = new ManualClock('2026-06-10T02:00:00Z');
const today = clock.today();
const tomorrow = addDays(today, 1);
let service: TestService;
beforeAll(async () => {
  service = await startTestService(guestsService, { clock });
});
afterAll(async () => {
  await service?.dispose();
});

type Res<D> = { data?: D | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };
const ok = <D>(res: Res<D>) => {
  expect(res.errors).toBeUndefined();
  return res.data as D;
};
const codeOf = (res: Res<unknown>) => res.errors?.[0]?.extensions?.code;
let seq = 0;
const register = async (fullName: string) =>
  ok(
    await service.query<{ registerGuest: { id: string } }>(
      'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
      { input: { fullName, phone: `+86 138 ${String(1000_0000 + seq++)}` } },
      ['FRONT_OFFICE'],
    ),
  ).registerGuest.id;
const prefer = async (guestId: string, category: string, value: string) =>
  ok(
    await service.query<{ recordPreference: { id: string } }>(
      'mutation($g: ID!, $input: PreferenceInput!) { recordPreference(guestId: $g, input: $input) { id } }',
      { g: guestId, input: { category, value } },
      ['FRONT_OFFICE'],
    ),
  ).recordPreference.id;

const RESERVE = `mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) {
  id status roomType arrivalDate departureDate nights nightlyRate notes guest { id } stay { id } } }`;
const reservation = (guestId: string, over: Record<string, unknown> = {}) => ({
  guestId,
  propertyCode: 'SHA01',
  roomType: 'KING',
  arrivalDate: tomorrow,
  departureDate: addDays(tomorrow, 2),
  nightlyRate: '688.00',
  paymentMethod: 'CARD',
  notes: 'Arrives on the evening flight',
  ...over,
});
const reserve = async (guestId: string, over: Record<string, unknown> = {}, roles: Role[] = ['FRONT_OFFICE']) =>
  service.query<{ reserveRoom: { id: string; status: string; nights: number; stay: null } }>(
    RESERVE,
    { input: reservation(guestId, over) },
    roles,
  );
const reserved = async (guestId: string, over: Record<string, unknown> = {}) =>
  ok(await reserve(guestId, over)).reserveRoom.id;

type Item = {
  id: string;
  area: string;
  category: string;
  value: string;
  roomNumber: string | null;
  done: boolean;
  doneBy: string | null;
  doneByName: string | null;
  doneAt: string | null;
  guest: { id: string };
  reservation: { id: string; status: string };
};
const LIST = `query($date: Date, $area: PreparationArea) { preparationList(date: $date, area: $area) {
  date items { id area category value roomNumber done doneBy doneByName doneAt guest { id } reservation { id status } } } }`;
const list = async (vars: Record<string, unknown>, roles: Role[] = ['HOUSEKEEPING']) =>
  service.query<{ preparationList: { date: string; items: Item[] } }>(LIST, vars, roles);
const MARK = `mutation($id: ID!) { markPreparationDone(itemId: $id) { id done doneBy doneByName doneAt } }`;
const mark = (id: string, roles: Role[]) =>
  service.query<{ markPreparationDone: Pick<Item, 'id' | 'done' | 'doneBy' | 'doneByName' | 'doneAt'> }>(
    MARK,
    { id },
    roles,
  );
const ARRIVALS = `query($date: Date) { arrivals(date: $date, first: 500) { date edges { node {
  status roomNumber roomType arrivalDate departureDate guest { id } stay { id reservation { id } } reservation { id status } } } } }`;
type ArrivalNode = {
  status: string;
  roomNumber: string | null;
  roomType: string;
  arrivalDate: string;
  departureDate: string;
  guest: { id: string };
  stay: { id: string; reservation: { id: string } | null } | null;
  reservation: { id: string; status: string } | null;
};
const arrivalsOf = async (date: string, guestId: string) =>
  ok(await service.query<{ arrivals: { edges: { node: ArrivalNode }[] } }>(ARRIVALS, { date }, ['FRONT_OFFICE']))
    .arrivals.edges.map((e) => e.node)
    .filter((n) => n.guest.id === guestId);
const CHECK_IN = `mutation($id: ID!, $input: ReservationCheckInInput) { checkInReservation(id: $id, input: $input) {
  id status roomNumber roomType arrivalDate departureDate nightlyRate paymentMethod reservation { id status stay { id } } } }`;
const count = async (table: string) =>
  Number((await sql<{ n: string }>(service.databaseUrl, `SELECT count(*) AS n FROM guests.${table}`))[0]!.n);

describe('reservations and the preparation list', () => {
  it('reserves, lists the guest as expected, and builds the preparation list from the preferences', async () => {
    const guest = await register('Expected Guest');
    const pillow = await prefer(guest, 'PILLOW', 'Buckwheat pillow');
    const tea = await prefer(guest, 'TEA_COFFEE', 'Longjing tea');
    await prefer(guest, 'ROOM_TEMPERATURE', '22 °C');
    await prefer(guest, 'ROOM_TYPE', 'High floor');
    const res = ok(await reserve(guest));
    expect(res.reserveRoom).toMatchObject({ status: 'BOOKED', nights: 2, nightlyRate: '688.00', stay: null });
    const id = res.reserveRoom.id;

    const [expected] = await arrivalsOf(tomorrow, guest);
    expect(expected).toEqual({
      status: 'EXPECTED',
      roomNumber: null,
      roomType: 'KING',
      arrivalDate: tomorrow,
      departureDate: addDays(tomorrow, 2),
      guest: { id: guest },
      stay: null,
      reservation: { id, status: 'BOOKED' },
    });
    expect(await arrivalsOf(today, guest)).toEqual([]);
    const upcoming = ok(
      await service.query<{ guest: { reservations: { id: string }[] } }>(
        'query($id: ID!) { guest(id: $id) { reservations { id } } }',
        { id: guest },
        ['SALES'],
      ),
    );
    expect(upcoming.guest.reservations).toEqual([{ id }]);

    const { preparationList } = ok(await list({ date: tomorrow }));
    expect(preparationList.date).toBe(tomorrow);
    const mine = preparationList.items.filter((i) => i.guest.id === guest);
    // Room type is the desk's when it gives the room: not a preparation item.
    expect(mine.map((i) => [i.area, i.category, i.value, i.done])).toEqual([
      ['ROOM', 'PILLOW', 'Buckwheat pillow', false],
      ['ROOM', 'ROOM_TEMPERATURE', '22 °C', false],
      ['TABLE', 'TEA_COFFEE', 'Longjing tea', false],
    ]);
    expect(mine.every((i) => i.reservation.id === id)).toBe(true);
    expect(mine.map((i) => i.id)).toEqual(expect.arrayContaining([`${id}.${pillow}`, `${id}.${tea}`]));
    const table = ok(await list({ date: tomorrow, area: 'TABLE' }, ['FOOD_AND_BEVERAGE']));
    expect(table.preparationList.items.filter((i) => i.guest.id === guest).map((i) => i.category)).toEqual([
      'TEA_COFFEE',
    ]);
    // The hotel's today by default: this guest is not expected today.
    const todays = ok(await list({}));
    expect(todays.preparationList.date).toBe(today);
    expect(todays.preparationList.items.some((i) => i.guest.id === guest)).toBe(false);
  });

  it('marks an item done once: housekeeping the room, F&B the table, the desk any; a second mark keeps the first', async () => {
    const guest = await register('Marked Guest');
    const pillow = await prefer(guest, 'PILLOW', 'Feather-free pillow');
    const diet = await prefer(guest, 'DIET', 'No peanuts');
    const id = await reserved(guest);
    const room = `${id}.${pillow}`;
    const tableItem = `${id}.${diet}`;

    expect(codeOf(await mark(room, ['FOOD_AND_BEVERAGE']))).toBe('FORBIDDEN');
    expect(codeOf(await mark(tableItem, ['HOUSEKEEPING']))).toBe('FORBIDDEN');
    for (const role of ['GUEST_RELATIONS', 'SALES', 'ANALYST'] as const)
      expect(codeOf(await mark(room, [role])), role).toBe('FORBIDDEN');
    expect(await count('preparation_done')).toBe(0);

    const first = ok(await mark(room, ['HOUSEKEEPING'])).markPreparationDone;
    expect(first).toMatchObject({ id: room, done: true, doneBy: 'staff-housekeeping' });
    expect(first.doneAt).toBe(clock.now().toISOString());
    clock.advance(60_000);
    const again = ok(await mark(room, ['FRONT_OFFICE'])).markPreparationDone;
    expect(again).toEqual(first);
    const byFb = ok(await mark(tableItem, ['FOOD_AND_BEVERAGE'])).markPreparationDone;
    expect(byFb.doneBy).toBe('staff-food_and_beverage');

    const items = ok(await list({ date: tomorrow })).preparationList.items.filter((i) => i.guest.id === guest);
    expect(items.map((i) => [i.category, i.done, i.doneBy])).toEqual([
      ['DIET', true, 'staff-food_and_beverage'],
      ['PILLOW', true, 'staff-housekeeping'],
    ]);
    // A new value is a new thing to prepare: the old mark stays with the old value.
    await prefer(guest, 'PILLOW', 'Memory foam pillow');
    const changed = ok(await list({ date: tomorrow, area: 'ROOM' })).preparationList.items.filter(
      (i) => i.guest.id === guest,
    );
    expect(changed.map((i) => [i.value, i.done])).toEqual([['Memory foam pillow', false]]);
    expect(ok(await mark(room, ['HOUSEKEEPING'])).markPreparationDone.doneBy).toBe('staff-housekeeping');

    expect(codeOf(await mark('not-an-item', ['HOUSEKEEPING']))).toBe('NOT_FOUND');
    expect(codeOf(await mark(`${id}.${'0'.repeat(8)}-0000-4000-8000-000000000000`, ['FRONT_OFFICE']))).toBe(
      'NOT_FOUND',
    );
    for (const role of ['SALES', 'FINANCE', 'LOYALTY', 'ANALYST'] as const)
      expect(codeOf(await list({}, [role])), role).toBe('FORBIDDEN');
  });

  it('checks in from the reservation: its data fill the stay, the reservation turns CHECKED_IN with it', async () => {
    const guest = await register('Arriving From Reservation');
    const pillow = await prefer(guest, 'PILLOW', 'Low pillow');
    const id = await reserved(guest, { purpose: 'BUSINESS' });
    ok(await mark(`${id}.${pillow}`, ['HOUSEKEEPING']));

    // Not before the day: a check-in is never ahead of the hotel's today, and nothing changes.
    const early = await service.query(CHECK_IN, { id, input: { roomNumber: '1208' } }, ['FRONT_OFFICE']);
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.arrivalDate' });
    expect(codeOf(await service.query(CHECK_IN, { id }, ['HOUSEKEEPING']))).toBe('FORBIDDEN');

    const stay = await onHotelDate(
      clock,
      tomorrow,
      async () =>
        ok(
          await service.query<{
            checkInReservation: {
              id: string;
              status: string;
              roomNumber: string;
              reservation: { id: string; status: string; stay: { id: string } };
            };
          }>(CHECK_IN, { id, input: { roomNumber: '1208', requestId: 'desk-1' } }, ['FRONT_OFFICE']),
        ).checkInReservation,
    );
    expect(stay).toMatchObject({
      status: 'IN_HOUSE',
      roomNumber: '1208',
      roomType: 'KING',
      arrivalDate: tomorrow,
      departureDate: addDays(tomorrow, 2),
      nightlyRate: '688.00',
      paymentMethod: 'CARD',
      reservation: { id, status: 'CHECKED_IN', stay: { id: stay.id } },
    });
    // A retry with the same requestId answers with the same stay; another attempt is refused.
    const retried = await onHotelDate(clock, tomorrow, async () =>
      ok(
        await service.query<{ checkInReservation: { id: string } }>(
          CHECK_IN,
          { id, input: { roomNumber: '1208', requestId: 'desk-1' } },
          ['FRONT_OFFICE'],
        ),
      ),
    );
    expect(retried.checkInReservation.id).toBe(stay.id);
    const twice = await onHotelDate(clock, tomorrow, () => service.query(CHECK_IN, { id }, ['FRONT_OFFICE']));
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'CHECKED_IN' });

    const arrivals = await arrivalsOf(tomorrow, guest);
    expect(arrivals).toEqual([
      expect.objectContaining({
        status: 'ARRIVED',
        roomNumber: '1208',
        stay: { id: stay.id, reservation: { id } },
        reservation: { id, status: 'CHECKED_IN' },
      }),
    ]);
    const items = ok(await list({ date: tomorrow })).preparationList.items.filter((i) => i.guest.id === guest);
    expect(items.map((i) => [i.category, i.roomNumber, i.done, i.reservation.status])).toEqual([
      ['PILLOW', '1208', true, 'CHECKED_IN'],
    ]);
  });

  it('leaves the reservation booked when the check-in is refused (an overlapping stay)', async () => {
    const guest = await register('Already In House');
    const id = await reserved(guest, { arrivalDate: today, departureDate: addDays(today, 3) });
    ok(
      await service.query(
        'mutation($input: CheckInInput!) { checkIn(input: $input) { id } }',
        {
          input: {
            guestId: guest,
            propertyCode: 'SHA01',
            roomType: 'TWIN',
            arrivalDate: today,
            departureDate: addDays(today, 1),
            nightlyRate: '400.00',
            paymentMethod: 'CASH',
          },
        },
        ['FRONT_OFFICE'],
      ),
    );
    const stays = await count('stay');
    const res = await service.query(CHECK_IN, { id, input: { roomNumber: '0808' } }, ['MANAGER']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'OVERLAPPING_STAY' });
    expect(await count('stay')).toBe(stays);
    const [row] = await sql<{ status: string; stay_id: string | null }>(
      service.databaseUrl,
      'SELECT status, stay_id FROM guests.reservation WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ status: 'BOOKED', stay_id: null });
  });

  it('refuses bad reservations with the field at fault, the wrong roles, and writes nothing', async () => {
    const guest = await register('Careful Booker');
    const before = await count('reservation');
    const cases: [Record<string, unknown>, string][] = [
      [{ departureDate: tomorrow }, 'input.departureDate'],
      [{ departureDate: today }, 'input.departureDate'],
      [{ arrivalDate: addDays(today, -1), departureDate: tomorrow }, 'input.arrivalDate'],
      [{ paymentMethod: 'DIRECT_BILL' }, 'input.accountId'],
      [{ nightlyRate: '-1.00' }, 'input.nightlyRate'],
      [{ roomType: '' }, 'input.roomType'],
    ];
    for (const [over, field] of cases) {
      const res = await reserve(guest, over);
      expect(res.errors?.[0]?.extensions, JSON.stringify(over)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(codeOf(await reserve('00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    for (const role of ['HOUSEKEEPING', 'FOOD_AND_BEVERAGE', 'SALES', 'ANALYST'] as const)
      expect(codeOf(await reserve(guest, {}, [role])), role).toBe('FORBIDDEN');
    expect(await count('reservation')).toBe(before);

    ok(await reserve(guest));
    const overlap = await reserve(guest, { arrivalDate: addDays(tomorrow, 1), departureDate: addDays(tomorrow, 4) });
    expect(overlap.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'OVERLAPPING_RESERVATION' });
    expect(await count('reservation')).toBe(before + 1);
    // The same requestId again answers with the first reservation.
    const a = ok(
      await reserve(guest, { arrivalDate: addDays(today, 10), departureDate: addDays(today, 11), requestId: 'r-1' }),
    );
    const b = ok(
      await reserve(guest, { arrivalDate: addDays(today, 10), departureDate: addDays(today, 11), requestId: 'r-1' }),
    );
    expect(b.reserveRoom.id).toBe(a.reserveRoom.id);
    expect(await count('reservation')).toBe(before + 2);
  });

  it('cancels and marks no-shows: off the lists, once, on the timeline', async () => {
    const guest = await register('Changed Plans');
    await prefer(guest, 'PILLOW', 'Soft pillow');
    const id = await reserved(guest);
    const CANCEL = `mutation($id: ID!, $reason: String!) { cancelReservation(id: $id, reason: $reason) {
      status closedBy cancelReason } }`;
    expect(codeOf(await service.query(CANCEL, { id, reason: 'Trip cancelled' }, ['HOUSEKEEPING']))).toBe('FORBIDDEN');
    const cancelled = ok(
      await service.query<{ cancelReservation: unknown }>(CANCEL, { id, reason: 'Trip cancelled' }, ['FRONT_OFFICE']),
    );
    expect(cancelled.cancelReservation).toEqual({
      status: 'CANCELLED',
      closedBy: 'staff-front_office',
      cancelReason: 'Trip cancelled',
    });
    expect(await arrivalsOf(tomorrow, guest)).toEqual([]);
    expect(ok(await list({ date: tomorrow })).preparationList.items.some((i) => i.guest.id === guest)).toBe(false);
    const again = await service.query(CANCEL, { id, reason: 'Twice' }, ['FRONT_OFFICE']);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'CANCELLED' });
    const checkIn = await onHotelDate(clock, tomorrow, () => service.query(CHECK_IN, { id }, ['FRONT_OFFICE']));
    expect(codeOf(checkIn)).toBe('INVALID_STATE');

    const NO_SHOW = 'mutation($id: ID!) { markReservationNoShow(id: $id) { status } }';
    const later = await reserved(guest, { arrivalDate: addDays(today, 20), departureDate: addDays(today, 21) });
    const tooSoon = await service.query(NO_SHOW, { id: later }, ['FRONT_OFFICE']);
    expect(tooSoon.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'NOT_YET_DUE' });
    const noShow = await onHotelDate(clock, addDays(today, 21), () =>
      service.query<{ markReservationNoShow: { status: string } }>(NO_SHOW, { id: later }, ['MANAGER']),
    );
    expect(ok(noShow).markReservationNoShow.status).toBe('NO_SHOW');

    const timeline = ok(
      await service.query<{ guest: { timeline: { edges: { node: { kind: string; summary: string } }[] } } }>(
        'query($id: ID!) { guest(id: $id) { timeline(first: 20) { edges { node { kind summary } } } } }',
        { id: guest },
        ['GUEST_RELATIONS'],
      ),
    );
    const kinds = timeline.guest.timeline.edges.map((e) => e.node.kind);
    expect(kinds.filter((k) => k === 'RESERVATION_MADE')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'RESERVATION_CANCELLED')).toHaveLength(2);
    expect(JSON.stringify(timeline)).not.toContain('Trip cancelled');
  });

  it('follows the guest: exported with its marks, and an erasure keeps dates and amounts but no notes or marks', async () => {
    const guest = await register('Private Traveller');
    const pillow = await prefer(guest, 'PILLOW', 'Hypoallergenic pillow');
    const id = await reserved(guest, { notes: 'Allergic to feathers, call on 139...' });
    ok(await mark(`${id}.${pillow}`, ['HOUSEKEEPING']));
    const ds = service.runtime.dataSource;
    const exported = (await ds.transaction((tx) => guestRecords(tx, [guest]))) as {
      reservations: { id: string; notes: string; preparation: { value: string; doneBy: string }[] }[];
    };
    expect(exported.reservations).toMatchObject([
      {
        id,
        notes: 'Allergic to feathers, call on 139...',
        preparation: [{ value: 'Hypoallergenic pillow', doneBy: 'staff-housekeeping' }],
      },
    ]);
    await ds.transaction((tx) => eraseGuests(tx, [guest], clock.now()));
    const [row] = await sql(
      service.databaseUrl,
      `SELECT status, notes, nightly_rate::text AS rate, to_char(arrival_date, 'YYYY-MM-DD') AS arrival,
              (SELECT count(*)::int FROM guests.preparation_done WHERE reservation_id = r.id) AS marks
         FROM guests.reservation r WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ status: 'BOOKED', notes: null, rate: '688.00', arrival: tomorrow, marks: 0 });
  });

  it('moves with a merge to the survivor and back with the unmerge', async () => {
    const survivor = await register('Merged Survivor');
    const duplicate = await register('Merged Duplicate');
    const id = await reserved(duplicate, { arrivalDate: addDays(today, 30), departureDate: addDays(today, 31) });
    const merged = ok(
      await service.query<{ mergeGuests: { mergeId: string } }>(
        'mutation($s: ID!, $d: ID!) { mergeGuests(survivorId: $s, duplicateId: $d) { mergeId } }',
        { s: survivor, d: duplicate },
        ['FRONT_OFFICE'],
      ),
    );
    const RES = 'query($id: ID!) { reservation(id: $id) { guest { id } } }';
    const guestOf = async () =>
      ok(await service.query<{ reservation: { guest: { id: string } } }>(RES, { id }, ['FRONT_OFFICE'])).reservation
        .guest.id;
    expect(await guestOf()).toBe(survivor);
    ok(
      await service.query(
        'mutation($m: ID!) { unmergeGuests(mergeId: $m) { mergeId } }',
        { m: merged.mergeGuests.mergeId },
        ['FRONT_OFFICE'],
      ),
    );
    expect(await guestOf()).toBe(duplicate);
  });

  it("backfills a reservation's lines with the keys and words the live path filed, a closed one under its first guest", async () => {
    const survivor = await register('Backfill Survivor');
    const guest = await register('Backfill Guest');
    const kept = await reserved(guest, { arrivalDate: addDays(today, 40), departureDate: addDays(today, 43) });
    const dropped = await reserved(guest, { arrivalDate: addDays(today, 50), departureDate: addDays(today, 51) });
    const missed = await reserved(guest, { arrivalDate: addDays(today, 60), departureDate: addDays(today, 61) });
    // Merged before the cancellation: the reservations move, their lines stay the booking guest's.
    ok(
      await service.query(
        'mutation($s: ID!, $d: ID!) { mergeGuests(survivorId: $s, duplicateId: $d) { mergeId } }',
        { s: survivor, d: guest },
        ['FRONT_OFFICE'],
      ),
    );
    clock.advance(60_000);
    ok(
      await service.query(
        'mutation($id: ID!) { cancelReservation(id: $id, reason: "Changed plans") { id } }',
        {
          id: dropped,
        },
        ['FRONT_OFFICE'],
      ),
    );
    ok(
      await onHotelDate(clock, addDays(today, 60), () =>
        service.query('mutation($id: ID!) { markReservationNoShow(id: $id) { id } }', { id: missed }, ['MANAGER']),
      ),
    );
    const ids = [kept, dropped, missed];
    const ds = service.runtime.dataSource;
    const filed = await ds.query(
      `SELECT guest_id AS "subjectId", key, kind, at, summary FROM guests.timeline_entry
        WHERE key LIKE 'guests:reserv%' AND split_part(key, ':', 3) = ANY($1) ORDER BY key`,
      [ids],
    );
    expect(filed).toHaveLength(5);
    expect(filed.every((l: { subjectId: string }) => l.subjectId === guest)).toBe(true);
    const backfilled = (await ownHistory(ds, null, 100_000)).filter((l) => ids.includes(l.key.split(':')[2]!));
    expect(backfilled.map((l) => ({ ...l, at: new Date(l.at) }))).toEqual(
      filed.map((l: Record<string, unknown>) => ({ ...l, service: 'guests' })),
    );
    expect(backfilled.map((l) => l.summary).sort()).toEqual(
      [
        `Reservation made: ${addDays(today, 60)}, 1 night(s), KING`,
        `Reservation made: ${addDays(today, 50)}, 1 night(s), KING`,
        `Reservation made: ${addDays(today, 40)}, 3 night(s), KING`,
        `Reservation for ${addDays(today, 60)}: no-show`,
        `Reservation for ${addDays(today, 50)} cancelled`,
      ].sort(),
    );

    // A reservation an account carries is on the account's timeline too, in the accounts backfill's answer.
    const account = '7d1f0a52-9c4e-4f1b-8a57-3f0c2a9b6e11';
    await ds.query('UPDATE guests.reservation SET account_id = $1 WHERE id = ANY($2::uuid[])', [account, ids]);
    const forAccount = (await accountStayHistory(ds, null, 100_000)).filter((l) => l.subjectId === account);
    expect(forAccount.map((l) => [l.key, l.kind, l.summary]).sort()).toEqual(
      [
        [
          `guests:account-reserved:${kept}`,
          'RESERVATION_MADE',
          accountLine.reserved(addDays(today, 40), 3, 'KING').summary,
        ],
        [
          `guests:account-reserved:${dropped}`,
          'RESERVATION_MADE',
          accountLine.reserved(addDays(today, 50), 1, 'KING').summary,
        ],
        [
          `guests:account-reserved:${missed}`,
          'RESERVATION_MADE',
          accountLine.reserved(addDays(today, 60), 1, 'KING').summary,
        ],
        [
          `guests:account-reservation-closed:${dropped}`,
          'RESERVATION_CANCELLED',
          accountLine.reservationClosed('CANCELLED', addDays(today, 50)).summary,
        ],
        [
          `guests:account-reservation-closed:${missed}`,
          'RESERVATION_CANCELLED',
          accountLine.reservationClosed('NO_SHOW', addDays(today, 60)).summary,
        ],
      ].sort(),
    );
  });
});

describe('reservations by arrival date', () => {
  const LIST = `query($from: Date!, $to: Date!, $status: ReservationStatus, $first: Int, $after: String) {
    reservationsByArrival(from: $from, to: $to, status: $status, first: $first, after: $after) {
      edges { cursor node { id arrivalDate status } } pageInfo { hasNextPage endCursor } } }`;
  type Page = {
    reservationsByArrival: {
      edges: { node: { id: string; arrivalDate: string; status: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const from = addDays(today, 200);
  const to = addDays(today, 210);
  const page = (vars: Record<string, unknown>, roles: Role[] = ['HOUSEKEEPING']) =>
    service.query<Page>(LIST, { from, to, ...vars }, roles);

  it('pages a range by arrival, earliest first; rows booked between pages are neither repeated nor skip one', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const g = await register(`Ahead ${i}`);
      ids.push(await reserved(g, { arrivalDate: addDays(from, i * 2), departureDate: addDays(from, i * 2 + 1) }));
    }
    // Outside the range: the day before and the day after.
    await reserved(await register('Too Early'), { arrivalDate: addDays(from, -1), departureDate: from });
    await reserved(await register('Too Late'), { arrivalDate: addDays(to, 1), departureDate: addDays(to, 2) });

    const first = ok(await page({ first: 2 })).reservationsByArrival;
    expect(first.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    // Booked now: one before the page boundary (not shown again later), one after it (shown in its place).
    await reserved(await register('Early Bird'), { arrivalDate: from, departureDate: addDays(from, 1) });
    const lateId = await reserved(await register('Late Comer'), {
      arrivalDate: addDays(from, 5),
      departureDate: addDays(from, 6),
    });
    const seen = [...first.edges.map((e) => e.node.id)];
    let after = first.pageInfo.endCursor;
    let hasNext = first.pageInfo.hasNextPage;
    while (hasNext) {
      const next = ok(await page({ first: 2, after })).reservationsByArrival;
      seen.push(...next.edges.map((e) => e.node.id));
      after = next.pageInfo.endCursor;
      hasNext = next.pageInfo.hasNextPage;
    }
    expect(seen).toEqual([ids[0], ids[1], ids[2], lateId, ids[3], ids[4]]);
    expect(new Set(seen).size).toBe(seen.length);

    // A status narrows the list; the roles that read arrivals read it, others are FORBIDDEN.
    ok(
      await service.query('mutation($id: ID!) { cancelReservation(id: $id, reason: "x") { id } }', { id: ids[3] }, [
        'FRONT_OFFICE',
      ]),
    );
    const cancelled = ok(await page({ status: 'CANCELLED' }, ['FOOD_AND_BEVERAGE'])).reservationsByArrival;
    expect(cancelled.edges.map((e) => [e.node.id, e.node.status])).toEqual([[ids[3], 'CANCELLED']]);
    const booked = ok(await page({ status: 'BOOKED' }, ['GUEST_RELATIONS'])).reservationsByArrival;
    expect(booked.edges.map((e) => e.node.id)).not.toContain(ids[3]);
    for (const role of ['SALES', 'ANALYST', 'FINANCE'] as Role[])
      expect(codeOf(await page({}, [role]))).toBe('FORBIDDEN');
  });

  it('refuses a backward or too wide range, a page too large and a foreign cursor, naming the field', async () => {
    const fieldOf = async (vars: Record<string, unknown>) => {
      const res = await page(vars, ['FRONT_OFFICE']);
      expect(res.data?.reservationsByArrival ?? null).toBeNull();
      return res.errors?.[0]?.extensions;
    };
    expect(await fieldOf({ from: to, to: from })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await fieldOf({ to: addDays(from, 92) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await fieldOf({ first: 501 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await fieldOf({ first: 0 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    for (const cursor of [['x'], ['2026-02-30', '7d1f0a52-9c4e-4f1b-8a57-3f0c2a9b6e11'], [from, 'not-an-id']])
      expect(await fieldOf({ after: Buffer.from(JSON.stringify(cursor)).toString('base64url') })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
    // The widest range allowed: 92 days, both ends included.
    ok(await page({ to: addDays(from, 91) }, ['MANAGER']));
  });
});
