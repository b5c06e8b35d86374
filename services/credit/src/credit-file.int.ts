import { randomUUID } from 'node:crypto';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// What finance reads about an account: terms history, credit information, the scorecard, aging.
let h: CreditHarness;
beforeAll(async () => {
  h = await startCreditHarness({ clock: new ManualClock('2026-06-30T09:00:00Z') });
});
afterAll(async () => {
  await h?.dispose();
});

const FILE = `query($r: [_Any!]!, $asOf: Date) { _entities(representations: $r) { ... on Account { credit {
  termsHistory { limit termDays rating reason changedBy changedAt }
  information { yearsTrading registeredCapital paymentHistory references notes updatedBy }
  scorecard { score computedRating adjustedRating assignedRating averageDaysBeyondTerms paymentPoints
              utilisationPercent utilisationPoints yearsTradingPoints adjustment adjustmentReason }
  aging(asOf: $asOf) { current days1To30 days31To60 days61To90 over90 total }
  invoices(openOnly: true) { edges { node { amount balance dueOn daysPastDue collectionStage status } } }
} } } }`;
// biome-ignore lint/suspicious/noExplicitAny: the test reads a nested response
const file = async (account: string, asOf?: string): Promise<any> =>
  (await h.gql<{ _entities: { credit: unknown }[] }>(FILE, { r: [{ __typename: 'Account', id: account }], asOf }))
    ._entities[0]!.credit;

async function billAt(account: string, total: string, on: string) {
  const stayId = await h.checkOut({ accountId: account, total, at: `${on}T10:00:00Z` });
  await waitFor(
    () => file(account),
    (f) => f.invoices.edges.some((e: { node: { amount: string } }) => e.node.amount === total),
  );
  return stayId;
}

describe('terms history and credit information', () => {
  it('keeps every change of terms with who and why, newest first', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '10000', 30, 'A');
    await h.gql(
      `mutation($a: ID!) { setCreditTerms(accountId: $a, input: { limit: "20000", termDays: 45, reason: "Annual review" }) { limit } }`,
      { a: account },
      ['MANAGER'],
    );
    const f = await file(account);
    expect(
      f.termsHistory.map((c: Record<string, unknown>) => [c.limit, c.termDays, c.rating, c.reason, c.changedBy]),
    ).toEqual([
      ['20000.00', 45, 'A', 'Annual review', 'staff-manager'],
      ['10000.00', 30, 'A', 'Terms granted', 'staff-finance'],
    ]);
  });

  it('records credit information and refuses bad values naming the field', async () => {
    const account = h.newAccount();
    const res = await h.gql<{ updateCreditInformation: Record<string, unknown> }>(
      `mutation($a: ID!, $i: CreditInformationInput!) { updateCreditInformation(accountId: $a, input: $i) {
         yearsTrading registeredCapital references updatedBy } }`,
      {
        a: account,
        i: { yearsTrading: 12, registeredCapital: '5000000', references: ['Bank of Shanghai', 'Jinjiang Hotels'] },
      },
    );
    expect(res.updateCreditInformation).toEqual({
      yearsTrading: 12,
      registeredCapital: '5000000.00',
      references: ['Bank of Shanghai', 'Jinjiang Hotels'],
      updatedBy: 'staff-finance',
    });
    const bad = await h.service.query(
      'mutation($a: ID!) { updateCreditInformation(accountId: $a, input: { yearsTrading: -1 }) { yearsTrading } }',
      { a: account },
      ['FINANCE'],
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.yearsTrading' });
    const stranger = await h.service.query(
      'mutation($a: ID!) { updateCreditInformation(accountId: $a, input: { notes: "x" }) { notes } }',
      { a: randomUUID() },
      ['FINANCE'],
    );
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await file(account)).information).toMatchObject({ yearsTrading: 12, notes: null });
  });
});

describe('scorecard', () => {
  it('computes the rating beside the assigned one, and applies a qualitative adjustment with a reason', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '10000', 30, 'AA');
    await h.gql(
      'mutation($a: ID!) { updateCreditInformation(accountId: $a, input: { yearsTrading: 6 }) { yearsTrading } }',
      {
        a: account,
      },
    );
    await billAt(account, '1000.00', '2026-04-01'); // due 05-01, paid 05-11: 10 days late
    await h.gql(
      'mutation($a: ID!) { recordPayment(accountId: $a, amount: "1000.00", receivedOn: "2026-05-11") { id } }',
      {
        a: account,
      },
    );
    await billAt(account, '4000.00', '2026-06-20'); // not yet due
    const s = (await file(account)).scorecard;
    // 10 days weighted by 1000 of 5000 = 2.0 days: 40 points; 40% used: 20; 6 years: 20 -> 80 = AA.
    expect(s).toMatchObject({
      averageDaysBeyondTerms: 2,
      paymentPoints: 40,
      utilisationPercent: 40,
      utilisationPoints: 20,
      yearsTradingPoints: 20,
      score: 80,
      computedRating: 'AA',
      adjustedRating: 'AA',
      assignedRating: 'AA',
    });
    const adjusted = await h.gql<{ adjustCreditRating: Record<string, unknown> }>(
      'mutation($a: ID!) { adjustCreditRating(accountId: $a, notches: -1, reason: "Parent company restructuring") { computedRating adjustedRating adjustment adjustmentReason } }',
      { a: account },
      ['MANAGER'],
    );
    expect(adjusted.adjustCreditRating).toEqual({
      computedRating: 'AA',
      adjustedRating: 'A',
      adjustment: -1,
      adjustmentReason: 'Parent company restructuring',
    });
    const tooFar = await h.service.query(
      'mutation($a: ID!) { adjustCreditRating(accountId: $a, notches: 3, reason: "x") { score } }',
      { a: account },
      ['FINANCE'],
    );
    expect(tooFar.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'notches' });
  });
});

describe('aging', () => {
  it('buckets open balances per account and for the portfolio, for any date', async () => {
    const a = h.newAccount();
    const b = h.newAccount();
    await h.setTerms(a, '50000', 30);
    await h.setTerms(b, '50000', 0);
    await billAt(a, '100.00', '2026-06-20'); // due 07-20
    await billAt(a, '200.00', '2026-05-10'); // due 06-09
    await billAt(a, '300.00', '2026-03-20'); // due 04-19
    await billAt(b, '400.00', '2026-02-01'); // due 02-01
    expect((await file(a, '2026-06-30')).aging).toEqual({
      current: '100.00',
      days1To30: '200.00',
      days31To60: '0.00',
      days61To90: '300.00',
      over90: '0.00',
      total: '600.00',
    });
    expect((await file(a, '2026-07-31')).aging).toMatchObject({
      current: '0.00',
      days1To30: '100.00',
      days31To60: '200.00',
      days61To90: '0.00',
      over90: '300.00',
    });
    expect((await file(b)).aging).toMatchObject({ over90: '400.00', total: '400.00' });

    const portfolio = await h.gql<{
      creditAging: {
        asOf: string;
        totals: Record<string, string>;
        accounts: { accountId: string; aging: Record<string, string> }[];
      };
    }>(
      `query { creditAging(asOf: "2026-06-30") { asOf totals { current days1To30 days31To60 days61To90 over90 total }
         accounts { accountId aging { total over90 } } } }`,
    );
    const mine = portfolio.creditAging.accounts.filter((x) => x.accountId === a || x.accountId === b);
    expect(mine).toEqual([
      { accountId: a, aging: { total: '600.00', over90: '0.00' } },
      { accountId: b, aging: { total: '400.00', over90: '400.00' } },
    ]);
    const sum = (k: string) =>
      portfolio.creditAging.accounts.reduce((t, x) => t + Math.round(Number(x.aging[k]) * 100), 0);
    expect(Math.round(Number(portfolio.creditAging.totals.total) * 100)).toBe(sum('total'));
    const sales = await h.service.query('query { creditAging { totals { total } } }', {}, ['SALES']);
    expect(sales.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('aging accounts, a page at a time', () => {
  type AgingPage = {
    edges: { cursor: string; node: { accountId: string; aging: { total: string } } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
  const PAGE = `query($first: Int, $after: String) { creditAging(asOf: "2026-06-30") {
    accountsConnection(first: $first, after: $after) {
      edges { cursor node { accountId aging { total } } } pageInfo { hasNextPage endCursor } } } }`;
  const page = async (first: number, after: string | null) =>
    (await h.gql<{ creditAging: { accountsConnection: AgingPage } }>(PAGE, { first, after })).creditAging
      .accountsConnection;
  async function owing(total: string) {
    const account = h.newAccount();
    await h.setTerms(account, '5000000', 30);
    await billAt(account, total, '2026-06-01');
    return account;
  }

  it('pages through every account once, largest total first, while accounts start owing between pages', async () => {
    const before = [await owing('700.00'), await owing('700.00'), await owing('650.00'), await owing('20.00')];
    const larger: string[] = [];
    const smaller: string[] = [];
    const seen: string[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(50);
      const p = await page(2, after);
      expect(p.edges.length).toBeLessThanOrEqual(2);
      seen.push(...p.edges.map((e) => e.node.accountId));
      totals.push(...p.edges.map((e) => Math.round(Number(e.node.aging.total) * 100)));
      if (!p.pageInfo.hasNextPage) {
        expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
        break;
      }
      after = p.pageInfo.endCursor;
      // Only the first few pages get a newcomer, to keep the test short: a larger one sorts before the cursor (on
      // no later page), a smaller one after it (on a later page).
      if (pages < 2) {
        larger.push(await owing('900000.00'));
        smaller.push(await owing('0.01'));
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(totals).toEqual([...totals].sort((x, y) => y - x));
    for (const id of [...before, ...smaller]) expect(seen).toContain(id);
    for (const id of larger) expect(seen).not.toContain(id);
    const all = (await page(500, null)).edges.map((e) => e.node.accountId);
    expect(seen).toEqual(all.filter((id) => !larger.includes(id)));
  });

  it('refuses a page above 500 and a cursor that is not one of this list', async () => {
    for (const [args, field] of [
      [{ first: 501 }, 'first'],
      [{ first: 0 }, 'first'],
      [{ after: '%%%' }, 'after'],
      [{ after: Buffer.from('{"a":1}').toString('base64url') }, 'after'],
      [{ after: Buffer.from('["2026-05-01","x"]').toString('base64url') }, 'after'],
      [{ after: Buffer.from('["100","x","y"]').toString('base64url') }, 'after'],
    ] as [Record<string, unknown>, string][]) {
      const res = await h.service.query(PAGE, { first: 2, after: null, ...args }, ['FINANCE']);
      expect(res.errors?.[0]?.extensions, JSON.stringify(args)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});
