import { guests } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { sql } from '@guest-graph/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appFor, expirePoints, rollOverYear } from './index.js';
import { checkedOut, LoyaltyHarness } from './testing/harness.js';

// Earning rules as data (rates, promotions), the expiry job and the year roll-over, for chosen dates.
const clock = new ManualClock('2026-03-01T02:00:00Z');
let h: LoyaltyHarness;
beforeAll(async () => {
  h = await LoyaltyHarness.start({ clock });
});
// The ledger's invariant after every scenario: each membership's balance is the sum of its entries.
afterEach(async () => {
  await h.expectLedgerBalances();
});
afterAll(async () => {
  await h?.dispose();
});
const loyalty = () => appFor(h.service.runtime);
const ADJUST = 'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { membership { pointsBalance } } }';

describe('earning rules as data', () => {
  it('applies a promotion to the nights it covers, as its own BONUS entry', async () => {
    const { createLoyaltyPromotion } = await h.data<{ createLoyaltyPromotion: { id: string } }>(
      `mutation($i: LoyaltyPromotionInput!) { createLoyaltyPromotion(input: $i) { id name multiplier weekdays } }`,
      {
        i: {
          name: 'Double points on spring weekend nights',
          startsOn: '2026-04-01',
          endsOn: '2026-04-30',
          multiplier: '2.00',
          weekdays: [5, 6],
        },
      },
      ['LOYALTY'],
    );
    const { guestId } = await h.member();
    // Thursday 9 to Monday 13 April 2026: Friday and Saturday nights are covered, half of the four.
    const stay = checkedOut(guestId, { room: '2000.00', arrivalDate: '2026-04-09', nights: 4 });
    await h.publish(guests.stayCheckedOut, stay);
    const m = await h.waitForMembership(guestId, (x) => x.transactions.length >= 2);
    expect(m.transactions.map((t) => [t.type, t.points, t.reason]).sort()).toEqual([
      ['BONUS', 1000, 'Promotion: Double points on spring weekend nights (2 nights)'],
      ['EARN', 2000, 'Stay 2026-04-09 to 2026-04-13, 4 nights'],
    ]);
    const { loyaltyPromotions } = await h.data<{ loyaltyPromotions: { id: string }[] }>(
      '{ loyaltyPromotions { id startsOn endsOn } }',
    );
    expect(loyaltyPromotions.map((p) => p.id)).toContain(createLoyaltyPromotion.id);
  });

  it('refuses a promotion that would not add anything, naming the field', async () => {
    const res = await h.query(
      `mutation($i: LoyaltyPromotionInput!) { createLoyaltyPromotion(input: $i) { id } }`,
      { i: { name: 'Nothing', startsOn: '2026-05-01', endsOn: '2026-05-31', multiplier: '1.00' } },
      ['MANAGER'],
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.multiplier' });
    const backwards = await h.query(
      `mutation($i: LoyaltyPromotionInput!) { createLoyaltyPromotion(input: $i) { id } }`,
      { i: { name: 'Backwards', startsOn: '2026-05-31', endsOn: '2026-05-01', multiplier: '3.00' } },
    );
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endsOn' });
    const forbidden = await h.query(
      `mutation { setLoyaltyEarningRate(outlet: "SPA", pointsPerUnit: "5.00") { outlet } }`,
      {},
      ['FRONT_OFFICE'],
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('earns on an outlet once the loyalty desk gives it a rate', async () => {
    const { setLoyaltyEarningRate } = await h.data<{ setLoyaltyEarningRate: unknown }>(
      `mutation { setLoyaltyEarningRate(outlet: "SPA", pointsPerUnit: "0.50") { outlet pointsPerUnit } }`,
      {},
      ['LOYALTY'],
    );
    expect(setLoyaltyEarningRate).toEqual({ outlet: 'SPA', pointsPerUnit: '0.50' });
    const { guestId } = await h.member();
    await h.publish(guests.stayCheckedOut, checkedOut(guestId, { room: '100.00', other: '301.00' }));
    const m = await h.waitForMembership(guestId, (x) => x.pointsBalance > 0);
    expect(m.pointsBalance).toBe(250);
    await h.data(`mutation { setLoyaltyEarningRate(outlet: "SPA", pointsPerUnit: "0") { outlet } }`);
  });
});

describe('points expiry', () => {
  it('expires the balance 24 months after the last activity, once, however often the job runs', async () => {
    clock.set('2026-03-10T02:00:00Z');
    const { guestId } = await h.member();
    await h.data(ADJUST, { i: { guestId, points: 700, reason: 'Welcome' } });
    const before = (await h.membership(guestId))!;
    expect(before.pointsExpiry).toEqual({ date: '2028-03-10', points: 700 });

    await expirePoints(loyalty(), new Date('2028-03-09T00:00:00Z'));
    expect((await h.membership(guestId))!.pointsBalance).toBe(700);

    expect((await expirePoints(loyalty(), new Date('2028-03-11T00:00:00Z'))).expired).toBeGreaterThanOrEqual(1);
    expect((await expirePoints(loyalty(), new Date('2028-03-11T00:00:00Z'))).expired).toBe(0);
    await expirePoints(loyalty(), new Date('2028-06-01T00:00:00Z'));
    const after = (await h.membership(guestId))!;
    expect(after.pointsBalance).toBe(0);
    expect(after.pointsExpiry).toBeNull();
    expect(after.transactions.filter((t) => t.type === 'EXPIRE').map((t) => t.points)).toEqual([-700]);
  });

  it('keeps points alive while the member is active', async () => {
    clock.set('2026-03-10T02:00:00Z');
    const { guestId } = await h.member();
    await h.data(ADJUST, { i: { guestId, points: 300, reason: 'Welcome' } });
    await h.publish(
      guests.stayCheckedOut,
      checkedOut(guestId, { room: '100.00', arrivalDate: '2027-06-01', nights: 1 }),
    );
    const m = await h.waitForMembership(guestId, (x) => x.pointsBalance === 400);
    expect(m.pointsExpiry).toEqual({ date: '2029-06-02', points: 400 });
    await expirePoints(loyalty(), new Date('2028-03-11T00:00:00Z'));
    expect((await h.membership(guestId))!.pointsBalance).toBe(400);
  });
});

describe('year roll-over', () => {
  const tierOf = async (guestId: string) => (await h.membership(guestId))!.tier;

  it('requalifies on last year’s nights, dropping at most one tier a year, and is safe to run twice', async () => {
    clock.set('2026-03-10T02:00:00Z');
    const { guestId } = await h.member();
    const stay = checkedOut(guestId, { room: '100.00', arrivalDate: '2026-05-01', nights: 50 });
    await h.publish(guests.stayCheckedOut, stay);
    await h.waitForMembership(guestId, (m) => m.tier === 'PLATINUM');

    // Midnight of 1 January in Beijing is still 31 December in UTC: the hotel's calendar decides.
    const newYear = (y: number) => new Date(`${y - 1}-12-31T16:00:00Z`);
    await rollOverYear(loyalty(), newYear(2027));
    expect(await tierOf(guestId)).toBe('PLATINUM'); // 50 nights in 2026 requalify
    await rollOverYear(loyalty(), newYear(2028));
    await rollOverYear(loyalty(), newYear(2028));
    expect(await tierOf(guestId)).toBe('GOLD'); // no nights in 2027: one tier down, and only one
    await rollOverYear(loyalty(), newYear(2029));
    expect(await tierOf(guestId)).toBe('SILVER');

    const changes = await sql<{ data: { from: string; to: string } }>(
      h.db.url,
      `SELECT payload->'data' AS data FROM loyalty.outbox
        WHERE type = 'loyalty.tier-changed' AND payload->'data'->>'guestId' = $1 ORDER BY seq`,
      [guestId],
    );
    expect(changes.map((c) => `${c.data.from}->${c.data.to}`)).toEqual([
      'MEMBER->PLATINUM',
      'PLATINUM->GOLD',
      'GOLD->SILVER',
    ]);
  });

  it('requalifies first when a stay of the new year arrives before the job has run', async () => {
    clock.set('2026-03-10T02:00:00Z');
    const { guestId } = await h.member();
    await h.publish(
      guests.stayCheckedOut,
      checkedOut(guestId, { room: '100.00', arrivalDate: '2026-06-01', nights: 30 }),
    );
    await h.waitForMembership(guestId, (m) => m.tier === 'GOLD');
    // GOLD all 2026; no roll-over job yet when a 2028 stay checks out: 2027 had no nights, so SILVER earns it.
    const later = checkedOut(guestId, { room: '1000.00', arrivalDate: '2028-02-01', nights: 1 });
    await h.publish(guests.stayCheckedOut, later);
    const m = await h.waitForMembership(guestId, (x) => x.transactions.some((t) => t.reference === later.stayId));
    expect(m.tier).toBe('SILVER');
    expect(m.transactions.filter((t) => t.reference === later.stayId).map((t) => [t.type, t.points])).toEqual([
      ['BONUS', 100],
      ['EARN', 1000],
    ]);
  });
});
