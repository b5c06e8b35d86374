import type { ManualClock } from '@guest-graph/subgraph-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LoyaltyHarness } from './testing/harness.js';

// Membership.pointsTransactions and Membership.redemptions as connections, paged by keyset.
let h: LoyaltyHarness;
beforeAll(async () => {
  h = await LoyaltyHarness.start();
});
afterEach(async () => {
  await h.expectLedgerBalances();
});
afterAll(async () => {
  await h?.dispose();
});

type Page = {
  edges: { cursor: string; node: { id: string; points: number } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
const PAGE = `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Guest {
  membership { pointsTransactions(first: $first, after: $after) {
    edges { cursor node { id points } } pageInfo { hasNextPage endCursor } } } } } }`;

const page = async (guestId: string, first: number, after: string | null) => {
  const res = await h.query<{ _entities: { membership: { pointsTransactions: Page } }[] }>(PAGE, {
    r: [{ __typename: 'Guest', id: guestId }],
    first,
    after,
  });
  return res;
};

const adjust = (guestId: string, points: number) =>
  h.data(
    'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { transaction { id } } }',
    { i: { guestId, points, reason: 'Goodwill' } },
    ['LOYALTY'],
  );

describe('Membership.pointsTransactions', () => {
  it('pages through every entry once, newest first, while entries are added between pages', async () => {
    const { guestId } = await h.member();
    for (let i = 1; i <= 7; i++) await adjust(guestId, i);
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await page(guestId, 3, after);
      const conn: Page = res.data!._entities[0]!.membership.pointsTransactions;
      seen.push(...conn.edges.map((e) => e.node.points));
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      // Newer entries land before the first page: the pages still to come neither shift nor repeat.
      await adjust(guestId, 100 + pages);
      pages++;
    } while (after);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(pages).toBe(3);
  });

  it('refuses first above 200 and a cursor that is not one of this membership', async () => {
    const a = await h.member();
    const b = await h.member();
    await adjust(a.guestId, 5);
    const tooMany = await page(a.guestId, 201, null);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const garbage = await page(a.guestId, 5, 'not-a-cursor');
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const ofA = (await page(a.guestId, 1, null)).data!._entities[0]!.membership.pointsTransactions.edges[0]!.cursor;
    const foreign = await page(b.guestId, 5, ofA);
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

type RedemptionPage = {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
const REDEMPTIONS = `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Guest {
  membership { redemptions(first: $first, after: $after) {
    edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } } } }`;
// Each redemption a minute after the last: the clock is pinned, and a page's order is the order of redemption.
const redeem = async (guestId: string) => {
  (h.service.runtime.clock as ManualClock).advance(60_000);
  return (
    await h.data<{ redeemPoints: { id: string } }>(
      'mutation($i: RedeemPointsInput!) { redeemPoints(input: $i) { id } }',
      { i: { guestId, rewardCode: 'GIFT_TEA_SET' } },
      ['FRONT_OFFICE'],
    )
  ).redeemPoints.id;
};

describe('Membership.redemptions', () => {
  it('pages through every redemption once, newest first, while redemptions are made between pages', async () => {
    const { guestId } = await h.member();
    await adjust(guestId, 1500 * 10);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(await redeem(guestId));
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await h.query<{ _entities: { membership: { redemptions: RedemptionPage } }[] }>(REDEMPTIONS, {
        r: [{ __typename: 'Guest', id: guestId }],
        first: 2,
        after,
      });
      const page: RedemptionPage = res.data!._entities[0]!.membership.redemptions;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
      await redeem(guestId);
    } while (after);
    expect(seen).toEqual([...made].reverse());
    expect(pages).toBe(3);
    const tooMany = await h.query(REDEMPTIONS, { r: [{ __typename: 'Guest', id: guestId }], first: 201 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const bad = await h.query(REDEMPTIONS, { r: [{ __typename: 'Guest', id: guestId }], after: 'nonsense' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
