import { readFileSync } from 'node:fs';
import { arrivingToday, waitFor } from '@guest-graph/testing';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

// Reservations and room preparation through the gateway (issue 23, practice 2; seed 000 §3.1(3), seed 001 §二
// §三): the desk books, housekeeping and F&B prepare from the guest's preferences and mark what they did, the
// desk checks the guest in from the reservation (credit asked over NATS for a direct bill), and the day's
// arrivals show the guest expected, then arrived.
describe('reservations and the preparation list', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  const RESERVE = `mutation($input: ReserveRoomInput!) { reserveRoom(input: $input) { id status } }`;
  const LIST = `query($area: PreparationArea) { preparationList(area: $area) { date items {
    id area category value done doneBy roomNumber guest { id fullName } reservation { id } } } }`;
  const MARK = `mutation($id: ID!) { markPreparationDone(itemId: $id) { id done doneBy } }`;
  const ARRIVALS = `query { arrivals(first: 500) { date edges { node {
    status roomNumber guest { id } stay { id } reservation { id status } } } } }`;
  const CHECK_IN = `mutation($id: ID!, $input: ReservationCheckInInput) { checkInReservation(id: $id, input: $input) {
    id status paymentMethod accountId roomNumber reservation { id status } } }`;
  type Item = {
    id: string;
    area: string;
    category: string;
    done: boolean;
    doneBy: string | null;
    roomNumber: string | null;
    guest: { id: string };
  };
  type ArrivalNode = {
    status: string;
    roomNumber: string | null;
    guest: { id: string };
    stay: { id: string } | null;
    reservation: { id: string; status: string } | null;
  };

  const arrivalsOf = async (guestId: string) =>
    ok(await graph.as('HOUSEKEEPING')<{ arrivals: { edges: { node: ArrivalNode }[] } }>(ARRIVALS))
      .arrivals.edges.map((e) => e.node)
      .filter((n) => n.guest.id === guestId);
  const itemsOf = async (guestId: string, role: 'HOUSEKEEPING' | 'FOOD_AND_BEVERAGE' = 'HOUSEKEEPING') =>
    ok(await graph.as(role)<{ preparationList: { items: Item[] } }>(LIST)).preparationList.items.filter(
      (i) => i.guest.id === guestId,
    );

  it('reserve → preparation list → marked by housekeeping → check-in from the reservation → arrivals', async () => {
    const accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: `华润集团 ${uniqueName('')}`, type: 'CORPORATE', grade: 'A', negotiatedRate: '700.00' },
      }),
    ).createAccount.id;
    ok(await graph.as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '5000.00', termDays: 30 } }));
    const guestId = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('林薇') },
      }),
    ).registerGuest.id;
    ok(
      await graph.as('HOUSEKEEPING')(contract.RecordPreference, {
        guestId,
        input: { category: 'PILLOW', value: '荞麦枕' },
      }),
    );
    ok(
      await graph.as('FOOD_AND_BEVERAGE')(contract.RecordPreference, {
        guestId,
        input: { category: 'TEA_COFFEE', value: '龙井茶' },
      }),
    );

    const dates = arrivingToday(2);
    const refused = await graph.as('HOUSEKEEPING')(RESERVE, {
      input: { guestId, propertyCode: 'SHA01', roomType: 'KING', ...dates, nightlyRate: '700.00' },
    });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const reservationId = ok(
      await graph.as('FRONT_OFFICE')<{ reserveRoom: { id: string; status: string } }>(RESERVE, {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'KING',
          ...dates,
          nightlyRate: '700.00',
          paymentMethod: 'DIRECT_BILL',
          accountId,
          notes: 'Late arrival',
        },
      }),
    ).reserveRoom.id;

    expect(await arrivalsOf(guestId)).toEqual([
      {
        status: 'EXPECTED',
        roomNumber: null,
        guest: { id: guestId },
        stay: null,
        reservation: { id: reservationId, status: 'BOOKED' },
      },
    ]);
    const items = await itemsOf(guestId);
    expect(items.map((i) => [i.area, i.category, i.done])).toEqual([
      ['ROOM', 'PILLOW', false],
      ['TABLE', 'TEA_COFFEE', false],
    ]);
    const [pillow, tea] = items as [Item, Item];
    expect(codeOf(await graph.as('HOUSEKEEPING')(MARK, { id: tea.id }))).toBe('FORBIDDEN');
    const done = ok(await graph.as('HOUSEKEEPING')<{ markPreparationDone: Item }>(MARK, { id: pillow.id }));
    expect(done.markPreparationDone).toMatchObject({ done: true, doneBy: expect.any(String) });
    const again = ok(await graph.as('FRONT_OFFICE')<{ markPreparationDone: Item }>(MARK, { id: pillow.id }));
    expect(again.markPreparationDone.doneBy).toBe(done.markPreparationDone.doneBy);
    ok(await graph.as('FOOD_AND_BEVERAGE')(MARK, { id: tea.id }));

    const stay = ok(
      await graph.as('FRONT_OFFICE')<{
        checkInReservation: {
          id: string;
          status: string;
          paymentMethod: string;
          accountId: string;
          roomNumber: string;
          reservation: { id: string; status: string };
        };
      }>(CHECK_IN, { id: reservationId, input: { roomNumber: '1606' } }),
    ).checkInReservation;
    expect(stay).toMatchObject({
      status: 'IN_HOUSE',
      paymentMethod: 'DIRECT_BILL',
      accountId,
      roomNumber: '1606',
      reservation: { id: reservationId, status: 'CHECKED_IN' },
    });
    expect(await arrivalsOf(guestId)).toEqual([
      {
        status: 'ARRIVED',
        roomNumber: '1606',
        guest: { id: guestId },
        stay: { id: stay.id },
        reservation: { id: reservationId, status: 'CHECKED_IN' },
      },
    ]);
    expect((await itemsOf(guestId, 'FOOD_AND_BEVERAGE')).map((i) => [i.category, i.done, i.roomNumber])).toEqual([
      ['PILLOW', true, '1606'],
      ['TEA_COFFEE', true, '1606'],
    ]);
    // Credit held the stay: the account's reservation and check-in reach its timeline over NATS.
    const lines = await waitFor(
      async () =>
        ok(
          await graph.as('SALES')<{ account: { timeline: { edges: { node: { kind: string } }[] } } }>(
            'query($id: ID!) { account(id: $id) { timeline(first: 20) { edges { node { kind } } } } }',
            { id: accountId },
          ),
        ).account.timeline.edges.map((e) => e.node.kind),
      (kinds) => kinds.includes('RESERVATION_MADE') && kinds.includes('STAY_CHECKED_IN'),
      { timeoutMs: 5000 },
    );
    expect(lines).toContain('RESERVATION_MADE');
  });

  it('refuses a departure before arrival, an unknown guest, and a check-in beyond the credit, changing nothing', async () => {
    const guestId = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('王磊') },
      }),
    ).registerGuest.id;
    const { arrivalDate, departureDate } = arrivingToday(1);
    const input = {
      guestId,
      propertyCode: 'SHA01',
      roomType: 'TWIN',
      arrivalDate,
      departureDate,
      nightlyRate: '900.00',
    };
    const backwards = await graph.as('FRONT_OFFICE')(RESERVE, {
      input: { ...input, arrivalDate: departureDate, departureDate: arrivalDate },
    });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.departureDate' });
    const unknown = await graph.as('FRONT_OFFICE')(RESERVE, {
      input: { ...input, guestId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(codeOf(unknown)).toBe('NOT_FOUND');

    const accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: `小公司 ${uniqueName('')}`, type: 'CORPORATE', grade: 'C' },
      }),
    ).createAccount.id;
    ok(await graph.as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '500.00', termDays: 30 } }));
    const reservationId = ok(
      await graph.as('FRONT_OFFICE')<{ reserveRoom: { id: string } }>(RESERVE, {
        input: { ...input, paymentMethod: 'DIRECT_BILL', accountId },
      }),
    ).reserveRoom.id;
    const over = await graph.as('FRONT_OFFICE')(CHECK_IN, { id: reservationId });
    expect(codeOf(over)).toBe('CREDIT_LIMIT_EXCEEDED');
    expect(await arrivalsOf(guestId)).toEqual([
      expect.objectContaining({ status: 'EXPECTED', stay: null, reservation: { id: reservationId, status: 'BOOKED' } }),
    ]);
    // Paid another way at the desk, the same reservation checks in.
    const card = ok(
      await graph.as('FRONT_OFFICE')<{ checkInReservation: { paymentMethod: string } }>(CHECK_IN, {
        id: reservationId,
        input: { paymentMethod: 'CARD' },
      }),
    );
    expect(card.checkInReservation.paymentMethod).toBe('CARD');
  });

  it("serves the console's preparation panel to each role of the arrivals page without FORBIDDEN", async () => {
    const source = readFileSync(new URL('../../../console/src/operations.graphql', import.meta.url), 'utf8');
    const op = (name: string) =>
      print(
        parse(source).definitions.find(
          (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
        )!,
      );
    const guestId = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('赵敏') },
      }),
    ).registerGuest.id;
    ok(
      await graph.as('FRONT_OFFICE')(contract.RecordPreference, {
        guestId,
        input: { category: 'DIET', value: '素食' },
      }),
    );
    ok(
      await graph.as('FRONT_OFFICE')(RESERVE, {
        input: { guestId, propertyCode: 'SHA01', roomType: 'SUITE', ...arrivingToday(1), nightlyRate: '1200.00' },
      }),
    );
    const areas = { FRONT_OFFICE: null, MANAGER: null, HOUSEKEEPING: 'ROOM', FOOD_AND_BEVERAGE: 'TABLE' } as const;
    let item: string | undefined;
    for (const [role, area] of Object.entries(areas) as [keyof typeof areas, string | null][]) {
      const res = await graph.as(role)<{ preparationList: { items: { id: string; guest: { id: string } }[] } }>(
        op('ConsolePreparationList'),
        { area },
      );
      expect(res.errors, role).toBeUndefined();
      const mine = res.data!.preparationList.items.filter((i) => i.guest.id === guestId);
      expect(mine.length, role).toBe(area === 'ROOM' ? 0 : 1);
      item ??= mine[0]?.id;
    }
    const marked = await graph.as('FOOD_AND_BEVERAGE')<{ markPreparationDone: { done: boolean } }>(
      op('ConsoleMarkPreparationDone'),
      { itemId: item },
    );
    expect(marked.errors).toBeUndefined();
    expect(marked.data?.markPreparationDone.done).toBe(true);
  });
});
