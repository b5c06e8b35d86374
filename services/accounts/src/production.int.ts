import { randomUUID } from 'node:crypto';
import { guests } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsDesk, type Json, startAccountsDesk } from './guest-desk.fixture.js';

// Production: stays checked out at the desk count for the account once, whatever the bus redelivers or replays.
let desk: AccountsDesk;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const PRODUCTION = `query($id: ID!, $from: Date, $to: Date, $branches: Boolean) {
  account(id: $id) {
    production(from: $from, to: $to, includeBranches: $branches) { from to stays roomNights revenue }
  }
}`;
const production = async (id: string, vars: Record<string, unknown> = {}) =>
  (await desk.gql(PRODUCTION, { id, ...vars })).account.production;
const recorded = async () =>
  (await desk.service.runtime.dataSource.query('SELECT count(*)::int AS n FROM accounts.stay_production'))[0]
    .n as number;

beforeAll(async () => {
  desk = await startAccountsDesk({ clock });
});
afterAll(async () => desk?.dispose());

describe('account production', () => {
  it('counts a stay that carried the account and one whose guest is linked, each once', async () => {
    const { id: accountId } = await desk.createAccount({ name: 'Producer Co', grade: 'B' });
    const linkedGuest = desk.registerGuest();
    await desk.gql(
      'mutation($g: ID!, $a: ID!) { linkGuestToAccount(guestId: $g, accountId: $a) { id } }',
      { g: linkedGuest, a: accountId },
      ['SALES'],
    );
    const eventId = randomUUID();
    const carried = { accountId, nights: 3, totalSpend: '2064.00', checkedOutAt: '2026-11-20T03:00:00Z' };
    const stayId = await desk.checkOut(carried, eventId);
    // The same event delivered again, and the same stay replayed under a new event id: neither counts again.
    await desk.checkOut({ ...carried, stayId }, eventId);
    await desk.checkOut({ ...carried, stayId });
    await desk.checkOut({
      guestId: linkedGuest,
      nights: 2,
      totalSpend: '1376.50',
      checkedOutAt: '2026-11-21T03:00:00Z',
    });
    // A stay with neither an account nor a linked guest counts for nobody.
    await desk.checkOut({ guestId: randomUUID() });
    await waitFor(
      () => production(accountId),
      (p) => p.stays === 2,
    );
    // Let anything left in flight land before asserting nothing more counted.
    await waitFor(
      async () => {
        const info = await desk.guestsBus.jsm.consumers.info(
          desk.guestsBus.streamName('guests'),
          'accounts__production',
        );
        return info.num_pending + info.num_ack_pending;
      },
      (n) => n === 0,
    );
    expect(await production(accountId)).toEqual({
      from: '2025-11-24',
      to: '2026-11-23',
      stays: 2,
      roomNights: 5,
      revenue: '3440.50',
    });
    expect(await recorded()).toBe(2);
    // A prospect that trades becomes active.
  });

  it('keeps to the last 12 months by default and to a date range when asked', async () => {
    const { id: accountId } = await desk.createAccount({ name: 'Old Friend Ltd', grade: 'POTENTIAL' });
    await desk.checkOut({ accountId, nights: 1, totalSpend: '500.00', checkedOutAt: '2025-10-01T10:00:00Z' });
    await desk.checkOut({ accountId, nights: 4, totalSpend: '2000.00', checkedOutAt: '2026-03-15T10:00:00Z' });
    await waitFor(
      () => production(accountId, { from: '2025-01-01' }),
      (p) => p.stays === 2,
    );
    expect(await production(accountId)).toMatchObject({ stays: 1, roomNights: 4, revenue: '2000.00' });
    expect(await production(accountId, { from: '2025-10-01', to: '2025-10-01' })).toMatchObject({
      stays: 1,
      revenue: '500.00',
    });
    const bad = await desk.raw(PRODUCTION, { id: accountId, from: '2026-05-01', to: '2026-04-01' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const months = await desk.gql(
      'query($id: ID!) { account(id: $id) { status productionByMonth(from: "2025-01-01") { month stays revenue } } }',
      { id: accountId },
    );
    expect(months.account).toEqual({
      status: 'ACTIVE',
      productionByMonth: [
        { month: '2025-10', stays: 1, revenue: '500.00' },
        { month: '2026-03', stays: 1, revenue: '2000.00' },
      ],
    });
  });

  it('rolls branches up to their group', async () => {
    const group = await desk.createAccount({ name: 'Group HQ' });
    const branch = await desk.createAccount({ name: 'Group Suzhou Branch', parentId: group.id });
    const subBranch = await desk.createAccount({ name: 'Group Suzhou Office' });
    await desk.gql(
      'mutation($a: ID!, $p: ID) { setParentAccount(accountId: $a, parentId: $p) { id parent { id } } }',
      { a: subBranch.id, p: branch.id },
      ['SALES'],
    );
    await desk.checkOut({ accountId: group.id, nights: 1, totalSpend: '100.00' });
    await desk.checkOut({ accountId: branch.id, nights: 2, totalSpend: '200.00' });
    await desk.checkOut({ accountId: subBranch.id, nights: 3, totalSpend: '300.00' });
    await waitFor(
      () => production(group.id, { branches: true }),
      (p) => p.stays === 3,
    );
    expect(await production(group.id, { branches: true })).toMatchObject({ roomNights: 6, revenue: '600.00' });
    expect(await production(group.id)).toMatchObject({ stays: 1, revenue: '100.00' });
    expect(await production(branch.id, { branches: true })).toMatchObject({ stays: 2, revenue: '500.00' });
    // A group cannot become a branch of its own branch.
    const loop = await desk.raw(
      'mutation($a: ID!, $p: ID) { setParentAccount(accountId: $a, parentId: $p) { id } }',
      { a: group.id, p: subBranch.id },
      ['SALES'],
    );
    expect(loop.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
    const tree = await desk.gql('query($id: ID!) { account(id: $id) { branches { name branches { name } } } }', {
      id: group.id,
    });
    expect(tree.account.branches).toEqual([
      { name: 'Group Suzhou Branch', branches: [{ name: 'Group Suzhou Office' }] },
    ]);
  });

  it('re-points a merged guest’s link to the survivor and gives it back on unmerge', async () => {
    const { id: accountId } = await desk.createAccount({ name: 'Merge Co' });
    const survivor = desk.registerGuest();
    const duplicate = desk.registerGuest();
    await desk.gql(
      'mutation($g: ID!, $a: ID!) { linkGuestToAccount(guestId: $g, accountId: $a) { id } }',
      { g: duplicate, a: accountId },
      ['SALES'],
    );
    const mergeId = randomUUID();
    const accountOf = async (id: string) =>
      (
        await desk.gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Guest { account { id } } } }', {
          r: [{ __typename: 'Guest', id }],
        })
      )._entities[0].account?.id ?? null;
    await desk.publish(guests.guestMerged, {
      mergeId,
      survivorId: survivor,
      duplicateId: duplicate,
      mergedAt: clock.now().toISOString(),
    });
    await waitFor(
      () => accountOf(survivor),
      (a) => a === accountId,
    );
    expect(await accountOf(duplicate)).toBeNull();
    // A later stay of the survivor counts through the link it inherited.
    await desk.checkOut({ guestId: survivor, nights: 1, totalSpend: '300.00' });
    await waitFor(
      async () => (await production(accountId)).stays,
      (n) => n === 1,
    );
    await desk.publish(guests.guestUnmerged, {
      mergeId,
      survivorId: survivor,
      duplicateId: duplicate,
      unmergedAt: clock.now().toISOString(),
    });
    await waitFor(
      () => accountOf(duplicate),
      (a) => a === accountId,
    );
    expect(await accountOf(survivor)).toBeNull();
  });
});

describe('a page of accounts with production', () => {
  it('costs the same number of SQL statements for 100 accounts as for 5, and pages through all of them', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++)
      ids.push((await desk.createAccount({ name: `Bulk ${String(i).padStart(3, '0')}`, industry: 'Bulk' })).id);
    const before = await recorded();
    for (const id of ids.slice(0, 30)) await desk.checkOut({ accountId: id, nights: 1, totalSpend: '99.00' });
    await waitFor(recorded, (n) => n === before + 30);
    const PAGE = `query($first: Int!, $after: String) {
      accounts(first: $first, after: $after, filter: { industry: "Bulk" }) {
        edges { node { id name grade suggestedGrade production { stays roomNights revenue } parent { id } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const cost = async (first: number) => {
      let data: Json;
      const n = await desk.statementsOf(async () => {
        data = await desk.gql(PAGE, { first });
      });
      return { n, data };
    };
    const small = await cost(5);
    const big = await cost(100);
    expect(big.data.accounts.edges).toHaveLength(100);
    expect(big.n).toBe(small.n);
    expect(big.n).toBeLessThanOrEqual(2);
    expect(big.data.accounts.edges[0].node).toMatchObject({
      name: 'Bulk 000',
      suggestedGrade: 'C',
      production: { stays: 1, roomNights: 1, revenue: '99.00' },
    });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Json = (await desk.gql(PAGE, { first: 50, after })).accounts;
      seen.push(...page.edges.map((e: Json) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('resolves 100 entity references in one statement', async () => {
    const page = await desk.gql('{ accounts(first: 100) { edges { node { id } } } }');
    const reps = page.accounts.edges.map((e: Json) => ({ __typename: 'Account', id: e.node.id }));
    let data: Json;
    const statements = await desk.statementsOf(async () => {
      data = await desk.gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id name } } }', {
        r: [...reps, { __typename: 'Account', id: 'nope' }],
      });
    });
    expect(data._entities).toHaveLength(101);
    expect(data._entities[100]).toBeNull();
    expect(statements).toBe(1);
  });

  it('orders by revenue and refuses a cursor of another ordering', async () => {
    const byRevenue = await desk.gql(
      '{ accounts(first: 3, orderBy: { field: REVENUE, direction: DESC }) { edges { node { name } } pageInfo { endCursor } } }',
    );
    expect(byRevenue.accounts.edges[0].node.name).toBe('Producer Co');
    const res = await desk.raw('query($a: String) { accounts(first: 3, after: $a) { edges { node { id } } } }', {
      a: byRevenue.accounts.pageInfo.endCursor,
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const next = await desk.gql(
      'query($a: String) { accounts(first: 3, after: $a, orderBy: { field: REVENUE, direction: DESC }) { edges { node { name } } } }',
      { a: byRevenue.accounts.pageInfo.endCursor },
    );
    expect(next.accounts.edges).toHaveLength(3);
    const zero = await desk.raw('{ accounts(first: 0) { edges { node { id } } } }');
    expect(zero.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

// Last: it adds production that the tests above would count.
describe('a backlog of check-outs', () => {
  it('counts a burst of check-outs many to a transaction, each stay once, for the right account', async () => {
    const { id: carriedFor } = await desk.createAccount({ name: 'Burst Carrier Co', grade: 'C' });
    const { id: linkedTo } = await desk.createAccount({ name: 'Burst Linked Co', grade: 'C' });
    const linked = Array.from({ length: 20 }, () => desk.registerGuest());
    for (const g of linked)
      await desk.gql(
        'mutation($g: ID!, $a: ID!) { linkGuestToAccount(guestId: $g, accountId: $a) { id } }',
        { g, a: linkedTo },
        ['SALES'],
      );
    const stays = [
      ...Array.from({ length: 60 }, () => ({ accountId: carriedFor, nights: 1, totalSpend: '100.00' })),
      ...linked.map((guestId) => ({ guestId, nights: 2, totalSpend: '250.50' })),
      ...Array.from({ length: 20 }, () => ({ guestId: randomUUID() })), // nobody's
    ].map((s) => ({ ...s, stayId: randomUUID(), checkedOutAt: '2026-11-22T03:00:00Z' }));
    await Promise.all(stays.map((s) => desk.checkOut(s)));
    await desk.checkOut(stays[0]!); // a replay under a new event id
    await waitFor(
      async () => [(await production(carriedFor)).stays, (await production(linkedTo)).stays],
      ([a, b]) => a === 60 && b === 20,
    );
    expect(await production(carriedFor)).toMatchObject({ stays: 60, roomNights: 60, revenue: '6000.00' });
    expect(await production(linkedTo)).toMatchObject({ stays: 20, roomNights: 40, revenue: '5010.00' });
    const [{ commits }] = await desk.service.runtime.dataSource.query(
      `SELECT count(DISTINCT processed_at)::int AS commits FROM accounts.inbox WHERE event_id IN (
         SELECT event_id FROM accounts.inbox ORDER BY processed_at DESC LIMIT 101)`,
    );
    expect(commits).toBeLessThan(101);
  });
});
