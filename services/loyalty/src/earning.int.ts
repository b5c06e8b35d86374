import { randomUUID } from 'node:crypto';
import { guests, serviceRecovery } from '@guest-graph/events';
import { sql } from '@guest-graph/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkedOut, LoyaltyHarness } from './testing/harness.js';

// The golden rule for stay points: shown within 5 seconds of the check-out, exactly once, whatever is
// redelivered, re-published or restarted; and tiers crossing 10/25/50 nights with their bonus entries.
let h: LoyaltyHarness;
beforeAll(async () => {
  h = await LoyaltyHarness.start();
});
// The ledger's invariant after every scenario: each membership's balance is the sum of its entries.
afterEach(async () => {
  await h.expectLedgerBalances();
});
afterAll(async () => {
  await h?.dispose();
});

const HISTORY = `query PointsHistory($guestId: ID!) { _entities(representations: [{ __typename: "Guest", id: $guestId }]) {
  ... on Guest { id membership { pointsBalance transactions(first: 20) { type points reference } } } } }`;

const tierEvents = (guestId: string) =>
  sql<{ data: { from: string; to: string; reason: string } }>(
    h.db.url,
    `SELECT payload->'data' AS data FROM loyalty.outbox
      WHERE type = 'loyalty.tier-changed' AND payload->'data'->>'guestId' = $1 ORDER BY seq`,
    [guestId],
  );

describe('earning on check-out', () => {
  it('books EARN = floor(ROOM + FOOD_AND_BEVERAGE) referencing the stay, shown in PointsHistory', async () => {
    const { guestId } = await h.member();
    const stay = checkedOut(guestId, { room: '688.50', food: '99.60', other: '300.00' });
    await h.publish(guests.stayCheckedOut, stay);
    await h.waitForMembership(guestId, (m) => m.pointsBalance > 0);
    const { _entities } = await h.data<{ _entities: unknown[] }>(HISTORY, { guestId });
    expect(_entities[0]).toEqual({
      id: guestId,
      membership: { pointsBalance: 788, transactions: [{ type: 'EARN', points: 788, reference: stay.stayId }] },
    });
  });

  it('books nothing for a stay checked out before the guest enrolled, even when handled after', async () => {
    const guestId = h.guest();
    const before = checkedOut(guestId, { arrivalDate: '2025-12-20', nights: 2 });
    await h.publish(guests.stayCheckedOut, before);
    await h.drained();
    await h.data('mutation($g: ID!) { enrollMember(guestId: $g) { number } }', { g: guestId });
    // The same stay delivered again after the enrolment (a replay) still earns nothing.
    await h.publish(guests.stayCheckedOut, before);
    const later = checkedOut(guestId, { room: '100.00' });
    await h.publish(guests.stayCheckedOut, later);
    const m = await h.waitForMembership(guestId, (x) => x.pointsBalance > 0);
    expect(m.transactions.map((t) => t.reference)).toEqual([later.stayId]);
    expect(m.pointsBalance).toBe(100);
    expect(m.nightsThisYear).toBe(2);
  });

  it('applies the same event delivered twice, and the same stay re-published, exactly once', async () => {
    const { guestId } = await h.member();
    const stay = checkedOut(guestId, { room: '500.00' });
    const eventId = await h.publish(guests.stayCheckedOut, stay);
    await h.publish(guests.stayCheckedOut, stay, { id: eventId });
    await h.publish(guests.stayCheckedOut, stay); // a new event id for the same stay
    await h.drained();
    const marker = checkedOut(guestId, { room: '1.00' });
    await h.publish(guests.stayCheckedOut, marker);
    const m = await h.waitForMembership(guestId, (x) => x.transactions.some((t) => t.reference === marker.stayId));
    expect(m.transactions.filter((t) => t.reference === stay.stayId)).toHaveLength(1);
    expect(m.pointsBalance).toBe(501);
  });

  it('crosses SILVER at 10, GOLD at 25 and PLATINUM at 50 nights, with the bonus at the tier before the stay', async () => {
    const { guestId } = await h.member();
    const stays = [
      checkedOut(guestId, { nights: 9, room: '1000.00', arrivalDate: '2026-01-05' }), // MEMBER, 9 nights
      checkedOut(guestId, { nights: 2, room: '1000.00', arrivalDate: '2026-02-01' }), // still MEMBER -> SILVER at 11
      checkedOut(guestId, { nights: 14, room: '1000.00', arrivalDate: '2026-03-01' }), // SILVER bonus -> GOLD at 25
      checkedOut(guestId, { nights: 25, room: '1000.00', arrivalDate: '2026-04-01' }), // GOLD bonus -> PLATINUM at 50
      checkedOut(guestId, { nights: 1, room: '1000.00', arrivalDate: '2026-06-01' }), // PLATINUM bonus
    ];
    for (const s of stays) {
      await h.publish(guests.stayCheckedOut, s);
      await h.waitForMembership(guestId, (m) => m.transactions.some((t) => t.reference === s.stayId));
    }
    const m = (await h.membership(guestId))!;
    const of = (stayId: string) => m.transactions.filter((t) => t.reference === stayId).map((t) => [t.type, t.points]);
    expect(of(stays[0]!.stayId)).toEqual([['EARN', 1000]]);
    expect(of(stays[1]!.stayId)).toEqual([['EARN', 1000]]);
    expect(of(stays[2]!.stayId)).toEqual([
      ['BONUS', 100],
      ['EARN', 1000],
    ]);
    expect(of(stays[3]!.stayId)).toEqual([
      ['BONUS', 250],
      ['EARN', 1000],
    ]);
    expect(of(stays[4]!.stayId)).toEqual([
      ['BONUS', 500],
      ['EARN', 1000],
    ]);
    expect(m.tier).toBe('PLATINUM');
    expect(m.pointsBalance).toBe(5850);
    expect(m.benefits).toMatchObject({ bonusPercent: 50, roomUpgrade: true, lateCheckOutHour: 16 });
    expect((await tierEvents(guestId)).map((e) => [e.data.from, e.data.to])).toEqual([
      ['MEMBER', 'SILVER'],
      ['SILVER', 'GOLD'],
      ['GOLD', 'PLATINUM'],
    ]);
  });
});

describe('stays checked out back to back', () => {
  it('apply in check-out order: the stay after the tenth night earns the SILVER bonus', async () => {
    const { guestId } = await h.member();
    const first = checkedOut(guestId, { nights: 10, room: '3000.00', arrivalDate: '2026-07-01' });
    const second = checkedOut(guestId, { nights: 1, room: '400.00', arrivalDate: '2026-07-11' });
    await h.publish(guests.stayCheckedOut, first);
    await h.publish(guests.stayCheckedOut, second);
    const m = await h.waitForMembership(guestId, (x) => x.transactions.some((t) => t.reference === second.stayId));
    expect(m.transactions.map((t) => [t.type, t.points, t.reference])).toEqual([
      ['BONUS', 40, second.stayId],
      ['EARN', 400, second.stayId],
      ['EARN', 3000, first.stayId],
    ]);
    expect(m.tier).toBe('SILVER');
  });
});

describe('a backlog taken many to a transaction', () => {
  it('earns exactly as stay by stay: tiers crossed within the batch, duplicates once, non-members nothing', async () => {
    const { guestId: climber } = await h.member();
    const { guestId: other } = await h.member();
    const stranger = h.guest();
    const climb = [
      checkedOut(climber, { nights: 9, room: '1000.00', arrivalDate: '2026-01-05' }),
      checkedOut(climber, { nights: 2, room: '1000.00', arrivalDate: '2026-02-01' }),
      checkedOut(climber, { nights: 14, room: '1000.00', arrivalDate: '2026-03-01' }),
      checkedOut(climber, { nights: 25, room: '1000.00', arrivalDate: '2026-04-01' }),
      checkedOut(climber, { nights: 1, room: '1000.00', arrivalDate: '2026-06-01' }),
    ];
    const others = Array.from({ length: 40 }, (_, i) => checkedOut(other, { nights: 1, room: `${100 + i}.00` }));
    const strangers = [checkedOut(stranger, { room: '900.00' })];
    // Published while loyalty is down, interleaved: the consumer finds one backlog when it starts.
    await h.restart(async () => {
      for (let i = 0; i < 40; i++) {
        if (climb[i]) {
          const id = await h.publish(guests.stayCheckedOut, climb[i]!);
          if (i === 1) await h.publish(guests.stayCheckedOut, climb[i]!, { id }); // the same event twice
          if (i === 2) await h.publish(guests.stayCheckedOut, climb[i]!); // the same stay, a new event
        }
        await h.publish(guests.stayCheckedOut, others[i]!);
        if (i === 20) await h.publish(guests.stayCheckedOut, strangers[0]!);
      }
    });
    // Stay by stay: the bonus at the tier the nights before it reached (SILVER from the 11th night, GOLD from the 26th).
    const expected = others.reduce((total, _, i) => {
      const points = 100 + i;
      return total + points + Math.floor((points * (i >= 25 ? 25 : i >= 10 ? 10 : 0)) / 100);
    }, 0);
    await h.waitForMembership(other, (m) => m.pointsBalance === expected);
    const m = await h.waitForMembership(climber, (x) => x.pointsBalance === 5850);
    const of = (stayId: string) => m.transactions.filter((t) => t.reference === stayId).map((t) => [t.type, t.points]);
    expect(climb.map((s) => of(s.stayId))).toEqual([
      [['EARN', 1000]],
      [['EARN', 1000]],
      [
        ['BONUS', 100],
        ['EARN', 1000],
      ],
      [
        ['BONUS', 250],
        ['EARN', 1000],
      ],
      [
        ['BONUS', 500],
        ['EARN', 1000],
      ],
    ]);
    expect(m.tier).toBe('PLATINUM');
    expect(m.nightsThisYear).toBe(51);
    expect((await tierEvents(climber)).map((e) => [e.data.from, e.data.to])).toEqual([
      ['MEMBER', 'SILVER'],
      ['SILVER', 'GOLD'],
      ['GOLD', 'PLATINUM'],
    ]);
    expect((await h.membership(other))!.nightsThisYear).toBe(40);
    expect(await h.membership(stranger)).toBeNull();
    // Several stays went in one transaction (one now() per commit).
    const [{ commits, stays }] = await sql<{ commits: number; stays: number }>(
      h.db.url,
      `SELECT count(DISTINCT processed_at)::int AS commits, count(*)::int AS stays FROM loyalty.inbox
        WHERE consumer = 'loyalty__earn-on-check-out' AND processed_at > now() - interval '1 minute'`,
    );
    expect(commits).toBeLessThan(stays);
  });
});

describe('exactly once across a restart', () => {
  it('applies every stay and case once when the service stops mid-stream and starts again', async () => {
    const { guestId } = await h.member();
    const stays = Array.from({ length: 30 }, (_, i) => checkedOut(guestId, { room: `${100 + i}.00`, nights: 1 }));
    const cases = Array.from({ length: 10 }, () => randomUUID());
    const published: {
      def: typeof guests.stayCheckedOut | typeof serviceRecovery.caseResolved;
      data: never;
      id: string;
    }[] = [];
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const s = stays[i]!;
        published.push({ def: guests.stayCheckedOut, data: s as never, id: await h.publish(guests.stayCheckedOut, s) });
        if (i % 3 === 0) {
          const data = {
            caseId: cases[i / 3]!,
            guestId,
            stayId: s.stayId,
            category: 'NOISE',
            compensationPoints: 50,
            resolvedAt: new Date().toISOString(),
          };
          published.push({
            def: serviceRecovery.caseResolved,
            data: data as never,
            id: await h.publish(serviceRecovery.caseResolved, data),
          });
        }
      }
    };
    await publish(0, 15);
    // Stop once part of the stream is applied; while the service is down the rest arrives, and then the whole
    // stream once more with the same event ids, as a replay would deliver it.
    await h.waitForMembership(guestId, (m) => m.transactions.length >= 3);
    await h.restart(async () => {
      await publish(15, 30);
      for (const p of [...published]) await h.publish(p.def, p.data, { id: p.id });
    });
    const all = await h.waitForMembership(
      guestId,
      (x) =>
        x.transactions.filter((t) => t.type === 'EARN').length >= 30 &&
        x.transactions.filter((t) => t.type === 'COMPENSATION').length >= 10,
    );
    const earn = all.transactions.filter((t) => t.type === 'EARN');
    expect(new Set(earn.map((t) => t.reference)).size).toBe(30);
    expect(earn.reduce((t, e) => t + e.points, 0)).toBe(stays.reduce((t, _, i) => t + 100 + i, 0));
    expect(new Set(all.transactions.filter((t) => t.type === 'COMPENSATION').map((t) => t.reference))).toEqual(
      new Set(cases),
    );
    // Stays past the tenth night carry a SILVER bonus: at most one per stay.
    const bonuses = all.transactions.filter((t) => t.type === 'BONUS').map((t) => t.reference);
    expect(new Set(bonuses).size).toBe(bonuses.length);
    expect(all.pointsBalance).toBe(all.transactions.reduce((t, e) => t + e.points, 0));
    expect(all.nightsThisYear).toBeGreaterThanOrEqual(0);
    await h.expectLedgerBalances();
  });
});

describe('the ledger under concurrent events for one member', () => {
  it('keeps balance = sum of entries with stays, cases, redemptions and adjustments racing', async () => {
    const { guestId } = await h.member();
    const stays = Array.from({ length: 20 }, (_, i) => checkedOut(guestId, { room: `${200 + i}.00`, nights: 1 }));
    const caseIds = Array.from({ length: 10 }, () => randomUUID());
    const redeem = 'mutation($i: RedeemPointsInput!) { redeemPoints(input: $i) { id } }';
    const adjust = 'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { transaction { id } } }';
    await h.data(adjust, { i: { guestId, points: 10_000, reason: 'Opening balance for the race' } });
    await Promise.all([
      ...stays.map((s) => h.publish(guests.stayCheckedOut, s)),
      ...caseIds.map((caseId) =>
        h.publish(serviceRecovery.caseResolved, {
          caseId,
          guestId,
          stayId: null,
          category: 'NOISE',
          compensationPoints: 30,
          resolvedAt: new Date().toISOString(),
        }),
      ),
      ...Array.from({ length: 5 }, () => h.query(redeem, { i: { guestId, rewardCode: 'GIFT_TEA_SET' } })),
      ...Array.from({ length: 5 }, (_, i) =>
        h.query(adjust, { i: { guestId, points: i + 1, reason: 'Goodwill at the desk' } }),
      ),
    ]);
    // Every read while the race runs shows a balance equal to the history shown with it (the harness checks).
    const m = await h.waitForMembership(
      guestId,
      (x) => x.transactions.filter((t) => t.type === 'EARN' || t.type === 'COMPENSATION').length === 30,
    );
    const count = (type: string) => m.transactions.filter((t) => t.type === type).length;
    expect([count('EARN'), count('COMPENSATION'), count('REDEEM'), count('ADJUST')]).toEqual([20, 10, 5, 6]);
    const earned = m.transactions.filter((t) => t.type === 'EARN').reduce((t, e) => t + e.points, 0);
    expect(earned).toBe(stays.reduce((t, _, i) => t + 200 + i, 0));
    expect(m.pointsBalance).toBe(m.transactions.reduce((t, e) => t + e.points, 0));
    expect(h.inconsistentReads).toEqual([]);
    await h.expectLedgerBalances();
  });
});
