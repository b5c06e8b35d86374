import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// The credit file's lists as connections: keyset pages, newest first, with the shared PageInfo.
let h: CreditHarness;
beforeAll(async () => {
  h = await startCreditHarness();
});
afterAll(async () => {
  await h?.dispose();
});

type Page = {
  edges: { cursor: string; node: { reference: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};
const PAYMENTS = `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Account {
  credit { payments(first: $first, after: $after) {
    edges { cursor node { reference } } pageInfo { hasNextPage endCursor } } } } } }`;

const payments = (account: string, first: number, after: string | null) =>
  h.service.query<{ _entities: { credit: { payments: Page } }[] }>(
    PAYMENTS,
    { r: [{ __typename: 'Account', id: account }], first, after },
    ['FINANCE'],
  );

const pay = (account: string, reference: string) =>
  h.gql('mutation($a: ID!, $ref: String) { recordPayment(accountId: $a, amount: "10.00", reference: $ref) { id } }', {
    a: account,
    ref: reference,
  });

describe('CreditStanding.payments', () => {
  it('pages through every payment once, newest first, while payments arrive between pages', async () => {
    const account = h.newAccount();
    for (let i = 1; i <= 7; i++) await pay(account, `P${i}`);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await payments(account, 3, after);
      const page: Page = res.data!._entities[0]!.credit.payments;
      seen.push(...page.edges.map((e) => e.node.reference));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
      // Received the same day, recorded later: it lands before the first page, never in the ones to come.
      await pay(account, `LATE${pages}`);
    } while (after);
    expect(seen).toEqual(['P7', 'P6', 'P5', 'P4', 'P3', 'P2', 'P1']);
    expect(pages).toBe(3);
  });

  it('costs the same statements for a page of 2 as for a page of 50', async () => {
    const account = h.newAccount();
    for (let i = 1; i <= 5; i++) await pay(account, `C${i}`);
    const cost = async (first: number) => {
      h.service.runtime.queries.reset();
      await payments(account, first, null);
      return h.service.runtime.queries.count;
    };
    // The counter is the runtime's: a background statement (the relay, a backfill answer) can land in a window,
    // never leave it, so the fewest of two runs is the request's own cost.
    const fewest = async (n: number) => Math.min(await cost(n), await cost(n));
    expect(await fewest(50)).toBe(await fewest(2));
  });

  it('refuses first above 200 and a cursor of another account or list', async () => {
    const a = h.newAccount();
    const b = h.newAccount();
    await pay(a, 'A1');
    const tooMany = await payments(a, 201, null);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const garbage = await payments(a, 5, 'nonsense');
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const ofA = (await payments(a, 1, null)).data!._entities[0]!.credit.payments.edges[0]!.cursor;
    const foreign = await payments(b, 5, ofA);
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
