import { ManualClock } from '@guest-graph/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsDesk, type Json, startAccountsDesk } from './guest-desk.fixture.js';

// An account's travellers and activities page by keyset: `first`/`after`, stable while rows are added between pages.

const LINK = `mutation($guestId: ID!, $accountId: ID!) {
  linkGuestToAccount(guestId: $guestId, accountId: $accountId) { id } }`;
const RECORD = 'mutation($i: SalesActivityInput!) { recordSalesActivity(input: $i) { id } }';
const TRAVELLERS = `query($id: ID!, $first: Int, $after: String) { account(id: $id) {
  travellers(first: $first, after: $after) { edges { cursor node { guest { id } } } pageInfo { hasNextPage endCursor } } } }`;
const ACTIVITIES = `query($id: ID!, $first: Int, $after: String) { account(id: $id) {
  activities(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }`;

let desk: AccountsDesk;
const clock = new ManualClock('2026-06-01T09:00:00Z');

beforeAll(async () => {
  desk = await startAccountsDesk({ clock });
});
afterAll(async () => desk?.dispose());

async function link(accountId: string) {
  const guestId = desk.registerGuest();
  await desk.gql(LINK, { guestId, accountId }, ['SALES']);
  return guestId;
}

async function record(accountId: string, occurredAt: string) {
  return (await desk.gql(RECORD, { i: { accountId, kind: 'CALL', occurredAt } }, ['SALES'])).recordSalesActivity
    .id as string;
}

/** Reads every page of a list, calling `between` after each page; returns the node ids in page order. */
async function pageThrough(
  query: string,
  field: 'travellers' | 'activities',
  id: string,
  first: number,
  nodeId: (n: Json) => string,
  between: () => Promise<unknown>,
) {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page: Json = (await desk.gql(query, { id, first, after })).account[field];
    expect(page.edges.length).toBeLessThanOrEqual(first);
    seen.push(...page.edges.map((e: Json) => nodeId(e.node)));
    if (!page.pageInfo.hasNextPage) {
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      return seen;
    }
    after = page.pageInfo.endCursor;
    await between();
  }
  throw new Error('paging did not end');
}

describe("an account's travellers", () => {
  it('pages through every traveller once while guests are linked between pages', async () => {
    const { id } = await desk.createAccount({ name: 'Travel Page Co' });
    const before: string[] = [];
    // Three guests linked at the same instant: the guest id breaks the tie.
    for (let i = 0; i < 7; i++) {
      if (i % 3 === 0) clock.advance(60_000);
      before.push(await link(id));
    }
    const added: string[] = [];
    const seen = await pageThrough(
      TRAVELLERS,
      'travellers',
      id,
      2,
      (n) => n.guest.id,
      async () => {
        clock.advance(60_000);
        added.push(await link(id));
      },
    );
    // Guests linked meanwhile come first in the order (most recent first), so they are on no later page.
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...before].sort());
    const all = await desk.gql(TRAVELLERS, { id, first: 500 });
    expect(all.account.travellers.edges).toHaveLength(before.length + added.length);
    expect(all.account.travellers.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
  });

  it('refuses a page above 500, a cursor that is not one, and a cursor of another list', async () => {
    const { id } = await desk.createAccount({ name: 'Travel Refusal Co' });
    await link(id);
    await record(id, '2026-05-01T09:00:00Z');
    const activityCursor = (await desk.gql(ACTIVITIES, { id, first: 1 })).account.activities.edges[0].cursor;
    const cases: [Record<string, unknown>, string][] = [
      [{ first: 501 }, 'first'],
      [{ first: 0 }, 'first'],
      [{ after: 'not-a-cursor' }, 'after'],
      [{ after: Buffer.from('{"a":1}').toString('base64url') }, 'after'],
      [{ after: activityCursor }, 'after'],
    ];
    for (const [args, field] of cases) {
      const res = await desk.raw(TRAVELLERS, { id, ...args }, ['MANAGER']);
      expect(res.errors?.[0]?.extensions, JSON.stringify(args)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('costs the same statements for a page of 40 accounts with their travellers and activities as for 4', async () => {
    for (let i = 0; i < 40; i++) {
      const { id } = await desk.createAccount({
        name: `Travel Batch ${String(i).padStart(2, '0')}`,
        industry: 'Batch',
      });
      await link(id);
      await record(id, '2026-05-01T09:00:00Z');
    }
    const PAGE = `query($first: Int!) { accounts(first: $first, filter: { industry: "Batch" }) {
      edges { node { id travellers(first: 3) { edges { node { guest { id } } } pageInfo { hasNextPage } }
        activities(first: 2) { edges { node { id } } pageInfo { hasNextPage } } } } } }`;
    let big: Json;
    const small = await desk.statementsOf(() => desk.gql(PAGE, { first: 4 }));
    const many = await desk.statementsOf(async () => {
      big = await desk.gql(PAGE, { first: 40 });
    });
    // The page, the travellers of all of it, the activities of all of it.
    expect(many).toBe(small);
    expect(many).toBeLessThanOrEqual(3);
    expect(big.accounts.edges.every((e: Json) => e.node.travellers.edges.length === 1)).toBe(true);
    expect(big.accounts.edges.every((e: Json) => e.node.activities.edges.length === 1)).toBe(true);
  });
});

describe("an account's activities", () => {
  it('pages through every activity once, newest first, while activities are recorded between pages', async () => {
    const { id } = await desk.createAccount({ name: 'Activity Page Co' });
    const before: string[] = [];
    // Pairs at the same instant: the id breaks the tie.
    for (let i = 0; i < 9; i++)
      before.push(await record(id, `2026-05-${String(10 + Math.floor(i / 2)).padStart(2, '0')}T09:00:00Z`));
    let day = 20;
    const older: string[] = [];
    const seen = await pageThrough(
      ACTIVITIES,
      'activities',
      id,
      4,
      (n) => n.id,
      async () => {
        // A newer activity lands before the cursor (on no later page); an older one lands after it (on a later page).
        await record(id, `2026-05-${day++}T09:00:00Z`);
        older.push(await record(id, `2026-04-${day}T09:00:00Z`));
      },
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...before, ...older].sort());
  });

  it('refuses a page above 200 and a cursor of another list', async () => {
    const { id } = await desk.createAccount({ name: 'Activity Refusal Co' });
    await link(id);
    const travellerCursor = (await desk.gql(TRAVELLERS, { id, first: 1 })).account.travellers.edges[0].cursor;
    for (const [args, field] of [
      [{ first: 201 }, 'first'],
      [{ after: travellerCursor }, 'after'],
      [{ after: '%%%' }, 'after'],
    ] as [Record<string, unknown>, string][]) {
      const res = await desk.raw(ACTIVITIES, { id, ...args }, ['SALES']);
      expect(res.errors?.[0]?.extensions, JSON.stringify(args)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('follow-ups due', () => {
  const FOLLOW_UPS = `query($o: ID, $first: Int, $after: String) {
    salesFollowUpsDue(ownerId: $o, first: $first, after: $after) {
      edges { cursor node { id nextStepOn } } pageInfo { hasNextPage endCursor } } }`;
  const owner = 'staff-follow-up-pages';
  /** A new account with one call whose next step fell due on `nextStepOn`. */
  async function dueOn(nextStepOn: string) {
    const { id } = await desk.createAccount({ name: `Follow ${nextStepOn} ${Math.random()}`, ownerId: owner });
    const i = { accountId: id, kind: 'CALL', occurredAt: '2026-04-01T09:00:00Z', nextStep: 'Call back', nextStepOn };
    return (await desk.gql(RECORD, { i }, ['SALES'])).recordSalesActivity.id as string;
  }

  it('pages through every follow-up once, oldest next step first, while follow-ups fall due between pages', async () => {
    const before: string[] = [];
    for (let i = 0; i < 7; i++) before.push(await dueOn(`2026-05-${String(10 + Math.floor(i / 2)).padStart(2, '0')}`));
    const later: string[] = [];
    const seen: string[] = [];
    const dates: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Json = (await desk.gql(FOLLOW_UPS, { o: owner, first: 3, after }, ['SALES'])).salesFollowUpsDue;
      seen.push(...page.edges.map((e: Json) => e.node.id));
      dates.push(...page.edges.map((e: Json) => e.node.nextStepOn));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      // One falls due before the cursor (on no later page), one after it (on a later page).
      await dueOn('2026-05-01');
      later.push(await dueOn('2026-05-30'));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...before, ...later].sort());
    expect(dates).toEqual([...dates].sort());
  });

  it('refuses a page above 200 and a cursor of another list', async () => {
    const { id } = await desk.createAccount({ name: 'Follow Refusal Co' });
    await record(id, '2026-05-01T09:00:00Z');
    const activityCursor = (await desk.gql(ACTIVITIES, { id, first: 1 })).account.activities.edges[0].cursor;
    for (const [args, field] of [
      [{ first: 201 }, 'first'],
      [{ after: activityCursor }, 'after'],
    ] as [Record<string, unknown>, string][]) {
      const res = await desk.raw(FOLLOW_UPS, args, ['SALES']);
      expect(res.errors?.[0]?.extensions, JSON.stringify(args)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('accounts due for contact', () => {
  const DUE = `query($o: ID, $first: Int, $after: String) {
    accountsDueForContactConnection(ownerId: $o, first: $first, after: $after) {
      edges { cursor node { account { id } dueOn daysOverdue } } pageInfo { hasNextPage endCursor } } }`;
  const owner = 'staff-due-pages';
  /** A new grade-A account (weekly cadence) last called on `calledOn`: its next contact fell due a week later. */
  async function calledOn(calledOn: string) {
    const { id } = await desk.createAccount({ name: `Due ${calledOn} ${Math.random()}`, grade: 'A', ownerId: owner });
    await desk.gql(RECORD, { i: { accountId: id, kind: 'CALL', occurredAt: `${calledOn}T09:00:00Z` } }, ['SALES']);
    return id;
  }

  it('pages through every overdue account once, the longest-waiting first, while accounts fall due between pages', async () => {
    const before: string[] = [];
    // Pairs called on the same day: the account id breaks the tie.
    for (let i = 0; i < 7; i++)
      before.push(await calledOn(`2026-05-${String(1 + Math.floor(i / 2)).padStart(2, '0')}`));
    const later: string[] = [];
    const seen: string[] = [];
    const keys: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(20);
      const page: Json = (await desk.gql(DUE, { o: owner, first: 3, after }, ['SALES']))
        .accountsDueForContactConnection;
      expect(page.edges.length).toBeLessThanOrEqual(3);
      seen.push(...page.edges.map((e: Json) => e.node.account.id));
      keys.push(...page.edges.map((e: Json) => `${e.node.dueOn}|${e.node.account.id}`));
      if (!page.pageInfo.hasNextPage) {
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
        break;
      }
      after = page.pageInfo.endCursor;
      // One falls due before the cursor (on no later page), one after it (on a later page).
      await calledOn('2026-04-01');
      later.push(await calledOn('2026-05-20'));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...before, ...later].sort());
    expect(keys).toEqual([...keys].sort());
    expect(keys[0]?.startsWith('2026-05-08|')).toBe(true);
  });

  it('refuses a page above 200 and a cursor that is not one of this list', async () => {
    for (const [args, field] of [
      [{ first: 201 }, 'first'],
      [{ first: 0 }, 'first'],
      [{ after: '%%%' }, 'after'],
      [{ after: Buffer.from('{"a":1}').toString('base64url') }, 'after'],
      [{ after: Buffer.from('[3,"x"]').toString('base64url') }, 'after'],
      [{ after: Buffer.from('["2026-05-01","x","y"]').toString('base64url') }, 'after'],
    ] as [Record<string, unknown>, string][]) {
      const res = await desk.raw(DUE, { o: owner, ...args }, ['SALES']);
      expect(res.errors?.[0]?.extensions, JSON.stringify(args)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
