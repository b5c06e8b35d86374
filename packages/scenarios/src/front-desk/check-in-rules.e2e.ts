import { arrivingToday, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

// The desk's rules on arrival and departure (issue 23): a guest is never checked in ahead of their arrival, and
// is in one stay a night.
describe('check-in and check-out rules', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  const newGuest = async () =>
    ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('陈静') },
      }),
    ).registerGuest.id;
  const checkIn = (guestId: string, dates: { arrivalDate: string; departureDate: string }) =>
    graph.as('FRONT_OFFICE')<{ checkIn: { id: string; status: string } }>(contract.CheckIn, {
      input: {
        guestId,
        propertyCode: 'SHA01',
        roomType: 'KING',
        ...dates,
        nightlyRate: '488.00',
        paymentMethod: 'CARD',
      },
    });
  const dayAfter = (date: string, days: number) =>
    new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

  it('refuses a future arrival or one from years ago, naming input.arrivalDate, and writes nothing', async () => {
    const guestId = await newGuest();
    const { arrivalDate } = arrivingToday();
    for (const dates of [
      { arrivalDate: dayAfter(arrivalDate, 3), departureDate: dayAfter(arrivalDate, 5) },
      { arrivalDate: dayAfter(arrivalDate, 1), departureDate: dayAfter(arrivalDate, 2) },
    ]) {
      const res = await checkIn(guestId, dates);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.arrivalDate' });
    }
    const stays = await graph.as('FRONT_OFFICE')<{ guest: { stays: unknown[] } }>(
      'query($id: ID!) { guest(id: $id) { stays(last: 5) { id } } }',
      { id: guestId },
    );
    expect(stays.data?.guest.stays).toEqual([]);
    expect(ok(await checkIn(guestId, arrivingToday(2))).checkIn.status).toBe('IN_HOUSE');
  });

  it('refuses a second stay of the same guest over the same nights with INVALID_STATE', async () => {
    const guestId = await newGuest();
    const first = ok(await checkIn(guestId, arrivingToday(3))).checkIn.id;
    expect(codeOf(await checkIn(guestId, arrivingToday(1)))).toBe('INVALID_STATE');
    // Another guest in the same dates is not affected.
    expect(ok(await checkIn(await newGuest(), arrivingToday(3))).checkIn.id).not.toBe(first);
  });

  it('totals a check-out as the sum of the charges posted, and loyalty earns on those', async () => {
    const guestId = await newGuest();
    ok(await graph.as('FRONT_OFFICE')(contract.EnrollMember, { guestId }));
    const stayId = ok(await checkIn(guestId, arrivingToday(2))).checkIn.id;
    const out = ok(
      await graph.as('FRONT_OFFICE')<{ checkOut: { status: string; totalSpend: string } }>(contract.CheckOut, {
        stayId,
        charges: [{ outlet: 'ROOM', amount: '976.00' }],
      }),
    );
    expect(out.checkOut).toMatchObject({ status: 'CHECKED_OUT', totalSpend: '976.00' });
    const points = await waitFor(
      async () =>
        ok(
          await graph.as('LOYALTY')<{ guest: { membership: { pointsBalance: number } } }>(contract.PointsHistory, {
            guestId,
          }),
        ).guest.membership.pointsBalance,
      (p) => p === 976,
      { timeoutMs: 5000 },
    );
    expect(points).toBe(976);
  });
});
