import { randomUUID } from 'node:crypto';
import { sql } from '@guest-graph/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LoyaltyHarness } from './testing/harness.js';

// Spending points (seed 001: points that buy free stays and gifts), cancelling, and manual adjustments.
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

const ADJUST = `mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) {
  transaction { type points reason causedBy } membership { pointsBalance } } }`;
const REDEEM = `mutation($i: RedeemPointsInput!) { redeemPoints(input: $i) {
  id points quantity status reward { code kind } membership { pointsBalance } } }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelRedemption(id: $id, reason: $reason) {
  id status cancelReason membership { pointsBalance } } }`;

async function memberWith(points: number) {
  const m = await h.member();
  await h.data(ADJUST, { i: { guestId: m.guestId, points, reason: 'Opening balance' } }, ['LOYALTY']);
  return m;
}

describe('rewards and redeemPoints', () => {
  it('lists the rewards catalogue by price', async () => {
    const { loyaltyRewards } = await h.data<{ loyaltyRewards: { code: string; pointsPrice: number }[] }>(
      '{ loyaltyRewards { code name kind roomType pointsPrice } }',
    );
    expect(loyaltyRewards.map((r) => r.code)).toContain('FREE_NIGHT_DELUXE');
    expect(loyaltyRewards.map((r) => r.pointsPrice)).toEqual(
      [...loyaltyRewards.map((r) => r.pointsPrice)].sort((a, b) => a - b),
    );
  });

  it('spends points as a REDEEM entry referencing the redemption', async () => {
    const { guestId } = await memberWith(2500);
    const { redeemPoints } = await h.data<{ redeemPoints: { id: string } }>(
      REDEEM,
      { i: { guestId, rewardCode: 'FNB_VOUCHER_200' } },
      ['FRONT_OFFICE'],
    );
    expect(redeemPoints).toMatchObject({
      points: 2000,
      quantity: 1,
      status: 'CONFIRMED',
      reward: { code: 'FNB_VOUCHER_200', kind: 'FOOD_AND_BEVERAGE_VOUCHER' },
      membership: { pointsBalance: 500 },
    });
    const m = (await h.membership(guestId))!;
    expect(m.transactions[0]).toMatchObject({ type: 'REDEEM', points: -2000, reference: redeemPoints.id });
  });

  it('refuses with INSUFFICIENT_POINTS and changes nothing', async () => {
    const { guestId } = await memberWith(1000);
    const res = await h.query(REDEEM, { i: { guestId, rewardCode: 'FREE_NIGHT_DELUXE' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INSUFFICIENT_POINTS', balance: 1000, required: 12000 });
    const m = (await h.membership(guestId))!;
    expect(m.pointsBalance).toBe(1000);
    expect(m.transactions).toHaveLength(1);
  });

  it('treats a retried request as the same redemption', async () => {
    const { guestId } = await memberWith(5000);
    const requestId = randomUUID();
    const [a, b] = await Promise.all([
      h.data<{ redeemPoints: { id: string } }>(REDEEM, { i: { guestId, rewardCode: 'GIFT_TEA_SET', requestId } }),
      h.data<{ redeemPoints: { id: string } }>(REDEEM, { i: { guestId, rewardCode: 'GIFT_TEA_SET', requestId } }),
    ]);
    expect(a.redeemPoints.id).toBe(b.redeemPoints.id);
    expect((await h.membership(guestId))!.pointsBalance).toBe(3500);
  });

  it('refuses an unknown reward, a bad quantity, and roles without the desk', async () => {
    const { guestId } = await memberWith(5000);
    expect((await h.query(REDEEM, { i: { guestId, rewardCode: 'NOPE' } })).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await h.query(REDEEM, { i: { guestId, rewardCode: 'GIFT_TEA_SET', quantity: 0 } })).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.quantity' });
    expect(
      (await h.query(REDEEM, { i: { guestId, rewardCode: 'GIFT_TEA_SET' } }, ['HOUSEKEEPING'])).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect((await h.membership(guestId))!.pointsBalance).toBe(5000);
  });
});

describe('cancelRedemption', () => {
  it('gives the points back as a REVERSAL referencing the redemption, once', async () => {
    const { guestId } = await memberWith(4000);
    const { redeemPoints } = await h.data<{ redeemPoints: { id: string } }>(REDEEM, {
      i: { guestId, rewardCode: 'UPGRADE_ONE_CATEGORY' },
    });
    const { cancelRedemption } = await h.data<{ cancelRedemption: unknown }>(CANCEL, {
      id: redeemPoints.id,
      reason: 'Guest changed plans',
    });
    expect(cancelRedemption).toEqual({
      id: redeemPoints.id,
      status: 'CANCELLED',
      cancelReason: 'Guest changed plans',
      membership: { pointsBalance: 4000 },
    });
    const m = (await h.membership(guestId))!;
    expect(m.transactions.slice(0, 2).map((t) => [t.type, t.points, t.reference])).toEqual([
      ['REVERSAL', 3000, redeemPoints.id],
      ['REDEEM', -3000, redeemPoints.id],
    ]);
    const { _entities } = await h.data<{
      _entities: { membership: { redemptions: { edges: { node: unknown }[] } } }[];
    }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Guest { membership {
        redemptions(first: 5) { edges { node { id status points reward { code } } } } } } } }`,
      { r: [{ __typename: 'Guest', id: guestId }] },
    );
    expect(_entities[0]!.membership.redemptions.edges.map((e) => e.node)).toEqual([
      { id: redeemPoints.id, status: 'CANCELLED', points: 3000, reward: { code: 'UPGRADE_ONE_CATEGORY' } },
    ]);
    const again = await h.query(CANCEL, { id: redeemPoints.id, reason: 'again' });
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect((await h.membership(guestId))!.pointsBalance).toBe(4000);
  });
});

describe('adjustPoints', () => {
  it('books an ADJUST with its reason and who did it', async () => {
    const { guestId } = await h.member();
    const { adjustPoints } = await h.data<{ adjustPoints: unknown }>(
      ADJUST,
      { i: { guestId, points: 250, reason: 'Points missing from a 2025 stay' } },
      ['MANAGER'],
    );
    expect(adjustPoints).toEqual({
      transaction: {
        type: 'ADJUST',
        points: 250,
        reason: 'Points missing from a 2025 stay',
        causedBy: 'staff:staff-manager',
      },
      membership: { pointsBalance: 250 },
    });
  });

  it('needs a reason, a non-zero amount, enough points to take, and LOYALTY or MANAGER', async () => {
    const { guestId } = await memberWith(100);
    const refused = async (i: Record<string, unknown>, roles: ('LOYALTY' | 'FRONT_OFFICE')[] = ['LOYALTY']) =>
      (await h.query(ADJUST, { i: { guestId, ...i } }, roles)).errors?.[0]?.extensions;
    expect(await refused({ points: 10, reason: ' ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    expect(await refused({ points: 0, reason: 'x' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.points' });
    expect(await refused({ points: -101, reason: 'x' })).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect(await refused({ points: 10, reason: 'x' }, ['FRONT_OFFICE'])).toMatchObject({ code: 'FORBIDDEN' });
    expect((await h.membership(guestId))!.pointsBalance).toBe(100);
  });
});

describe('the ledger table', () => {
  it('refuses to change or delete an entry', async () => {
    await memberWith(10);
    await expect(sql(h.db.url, `UPDATE loyalty.ledger_entry SET points = 1000000`)).rejects.toThrow(/append-only/);
    await expect(sql(h.db.url, `DELETE FROM loyalty.ledger_entry`)).rejects.toThrow(/append-only/);
  });
});

describe('malformed ids', () => {
  it('are bad input naming the field, never an internal error', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [REDEEM, { i: { guestId: 'G-1', rewardCode: 'GIFT_TEA_SET' } }, 'input.guestId'],
      [ADJUST, { i: { guestId: 'G-1', points: 5, reason: 'x' } }, 'input.guestId'],
      [CANCEL, { id: '42', reason: 'x' }, 'id'],
      [
        'mutation($c: ID!) { reverseCompensation(caseId: $c, reason: "x") { membership { number } } }',
        { c: 'case-7' },
        'caseId',
      ],
    ];
    for (const [query, variables, field] of cases) {
      const res = await h.query(query, variables);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const { _entities } = await h.data<{ _entities: { membership: unknown }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Guest { membership { number } } } }',
      { r: [{ __typename: 'Guest', id: 'not-a-guest' }] },
    );
    expect(_entities).toEqual([{ membership: null }]);
  });
});
