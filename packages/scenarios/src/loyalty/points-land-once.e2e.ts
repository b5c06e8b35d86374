import { guests as guestEvents, serviceRecovery } from '@guest-graph/events';
import { arrivingToday, sql, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

type History = {
  guest: { membership: { pointsBalance: number; transactions: { type: string; points: number; reference: string }[] } };
};

// The golden rule (contract README): a checked-out stay's points and a resolved case's compensation show
// within 5 seconds, exactly once, whatever is redelivered or replayed.
describe('points land on the membership once', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  const member = async () => {
    const desk = graph.as('FRONT_OFFICE');
    const { registerGuest } = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('陈静') },
      }),
    );
    const { enrollMember } = ok(
      await desk<{ enrollMember: { number: string; tier: string; pointsBalance: number } }>(contract.EnrollMember, {
        guestId: registerGuest.id,
      }),
    );
    expect(enrollMember).toMatchObject({ tier: 'MEMBER', pointsBalance: 0 });
    expect(codeOf(await desk(contract.EnrollMember, { guestId: registerGuest.id }))).toBeTruthy();
    return registerGuest.id;
  };
  const stay = async (guestId: string, nights: number, charges: { outlet: string; amount: string }[]) => {
    const desk = graph.as('FRONT_OFFICE');
    const { checkIn } = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'KING',
          ...arrivingToday(nights),
          nightlyRate: '500.00',
          paymentMethod: 'CASH',
        },
      }),
    );
    ok(await desk(contract.CheckOut, { stayId: checkIn.id, charges }));
    return checkIn.id;
  };
  const history = async (guestId: string) =>
    ok(await graph.as('LOYALTY')<History>(contract.PointsHistory, { guestId })).guest.membership;
  const balanced = (m: History['guest']['membership']) =>
    m.pointsBalance === m.transactions.reduce((t, e) => t + e.points, 0);

  it('earns floor(ROOM + F&B) on check-out, then a tier bonus once the nights qualify', async () => {
    const guestId = await member();
    // 10 nights: earned at MEMBER (no bonus), and they then lift the member to SILVER.
    const first = await stay(guestId, 10, [
      { outlet: 'ROOM', amount: '5000.99' },
      { outlet: 'FOOD_AND_BEVERAGE', amount: '120.50' },
      { outlet: 'SPA', amount: '999.00' },
    ]);
    const afterFirst = await waitFor(
      () => history(guestId),
      (m) => m.pointsBalance === 5121,
      { timeoutMs: 5000 },
    );
    expect(afterFirst.transactions).toEqual([{ type: 'EARN', points: 5121, reference: first }]);
    const second = await stay(guestId, 1, [{ outlet: 'ROOM', amount: '500.00' }]);
    const afterSecond = await waitFor(
      () => history(guestId),
      (m) => m.pointsBalance === 5121 + 500 + 50,
      { timeoutMs: 5000 },
    );
    expect(afterSecond.transactions.slice(0, 2)).toEqual(
      expect.arrayContaining([
        { type: 'EARN', points: 500, reference: second },
        { type: 'BONUS', points: 50, reference: second },
      ]),
    );
    expect(balanced(afterSecond)).toBe(true);
  });

  it('books compensation from a resolved case once, and a replayed check-out changes nothing', async () => {
    const guestId = await member();
    const stayId = await stay(guestId, 2, [{ outlet: 'ROOM', amount: '1000.00' }]);
    await waitFor(
      () => history(guestId),
      (m) => m.pointsBalance === 1000,
      { timeoutMs: 5000 },
    );
    const { openCase } = ok(
      await graph.as('FRONT_OFFICE')<{ openCase: { id: string } }>(contract.OpenCase, {
        input: {
          guestId,
          stayId,
          channel: 'PHONE',
          category: 'ROOM_CLEANLINESS',
          severity: 'MEDIUM',
          description: 'Hair in the bath',
        },
      }),
    );
    const resolve = graph.as('GUEST_RELATIONS');
    ok(
      await resolve(contract.ResolveCase, {
        id: openCase.id,
        input: { resolution: 'Apologised, room re-cleaned', compensationPoints: 300 },
      }),
    );
    expect(
      codeOf(
        await resolve(contract.ResolveCase, {
          id: openCase.id,
          input: { resolution: 'again', compensationPoints: 300 },
        }),
      ),
    ).toBe('INVALID_STATE');
    const after = await waitFor(
      () => history(guestId),
      (m) => m.pointsBalance === 1300,
      { timeoutMs: 5000 },
    );
    expect(after.transactions.filter((t) => t.type === 'COMPENSATION')).toEqual([
      { type: 'COMPENSATION', points: 300, reference: openCase.id },
    ]);

    // Replay both events from the guests' and service-recovery's outboxes, as a stream replay would.
    const dbUrl = graph.services.guests!.databaseUrl;
    const [checkedOut] = await sql<{ payload: unknown }>(
      dbUrl,
      `SELECT payload FROM guests.outbox WHERE type = 'stay.checked-out' AND payload->'data'->>'stayId' = $1`,
      [stayId],
    );
    const [resolved] = await sql<{ payload: unknown }>(
      dbUrl,
      `SELECT payload FROM service_recovery.outbox WHERE type = 'case.resolved' AND payload->'data'->>'caseId' = $1`,
      [openCase.id],
    );
    const bus = graph.services.guests!.runtime.bus;
    await bus.publishDirect(guestEvents.stayCheckedOut, checkedOut!.payload as never, `replay-${stayId}`);
    await bus.publishDirect(serviceRecovery.caseResolved, resolved!.payload as never, `replay-${openCase.id}`);
    await new Promise((r) => setTimeout(r, 1500));
    const final = await history(guestId);
    expect(final.pointsBalance).toBe(1300);
    expect(final.transactions).toHaveLength(2);
    expect(balanced(final)).toBe(true);
  });
});
