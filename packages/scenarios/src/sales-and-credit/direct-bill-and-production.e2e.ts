import { arrivingToday, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

type Credit = { account: { credit: { limit: string; outstanding: string; available: string; status: string } | null } };
type Page = {
  accounts: {
    edges: {
      node: {
        id: string;
        production: { stays: number; roomNights: number; revenue: string };
        credit: { outstanding: string } | null;
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

// A company billed later: sales opens the account, finance sets its terms, the desk checks its people in on
// direct bill within the limit, and the bill and the production follow the check-outs by event.
describe('direct bill, receivables and production', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  const newAccount = async () =>
    ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: {
          name: `中国银行 ${uniqueName('')}`,
          type: 'CORPORATE',
          grade: 'B',
          negotiatedRate: '650.00',
          discountPercent: 15,
        },
      }),
    ).createAccount.id;
  const newGuest = async () =>
    ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('周杰') },
      }),
    ).registerGuest.id;
  const checkIn = (
    guestId: string,
    accountId: string | null,
    nights: number,
    nightlyRate: string,
    paymentMethod = 'DIRECT_BILL',
  ) =>
    graph.as('FRONT_OFFICE')<{ checkIn: { id: string } }>(contract.CheckIn, {
      input: {
        guestId,
        accountId,
        propertyCode: 'PEK02',
        roomType: 'TWIN',
        ...arrivingToday(nights),
        nightlyRate,
        paymentMethod,
      },
    });
  const credit = async (accountId: string) =>
    ok(await graph.as('FINANCE')<Credit>(contract.AccountCredit, { id: accountId })).account.credit;

  it('authorises direct bill against available credit and raises outstanding at check-out', async () => {
    const accountId = await newAccount();
    const guestId = await newGuest();
    // No terms yet: no credit, so no direct bill.
    expect(codeOf(await checkIn(guestId, accountId, 1, '100.00'))).toBe('CREDIT_LIMIT_EXCEEDED');
    const terms = ok(
      await graph.as('FINANCE')<{ setCreditTerms: { limit: string; termDays: number; status: string } }>(
        contract.SetCreditTerms,
        {
          accountId,
          input: { limit: '2000.00', termDays: 30, rating: 'A' },
        },
      ),
    );
    expect(terms.setCreditTerms).toEqual({ limit: '2000.00', termDays: 30, status: 'GOOD' });
    expect(codeOf(await checkIn(guestId, accountId, 3, '800.00'))).toBe('CREDIT_LIMIT_EXCEEDED');
    const inHouse = ok(await checkIn(guestId, accountId, 2, '800.00')).checkIn.id;
    // The 1,600 held for the stay in house leaves 400: a second stay of 500 may not spend it twice.
    expect(codeOf(await checkIn(await newGuest(), accountId, 1, '500.00'))).toBe('CREDIT_LIMIT_EXCEEDED');
    // Other payment methods are unaffected by credit.
    expect(ok(await checkIn(await newGuest(), accountId, 1, '500.00', 'CARD')).checkIn.id).toBeTruthy();

    ok(
      await graph.as('FRONT_OFFICE')(contract.CheckOut, {
        stayId: inHouse,
        charges: [
          { outlet: 'ROOM', amount: '1600.00' },
          { outlet: 'LAUNDRY', amount: '35.50' },
        ],
      }),
    );
    const after = await waitFor(
      () => credit(accountId),
      (c) => c?.outstanding === '1635.50',
      { timeoutMs: 5000 },
    );
    expect(after).toEqual({ limit: '2000.00', outstanding: '1635.50', available: '364.50', status: 'GOOD' });

    // Sales may read credit; the front office may not.
    const sales = await graph.as('SALES')<Credit>(contract.AccountCredit, { id: accountId });
    expect(sales.data?.account.credit?.outstanding).toBe('1635.50');
    const desk = await graph.as('FRONT_OFFICE')<Credit>(contract.AccountCredit, { id: accountId });
    expect(desk.data?.account.credit).toBeNull();
    expect(desk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(desk.errors?.[0]?.path).toEqual(['account', 'credit']);
  });

  it('authorises the final bill at check-out: the excess is refused, or paid by card with only the credit billed', async () => {
    const accountId = await newAccount();
    ok(await graph.as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '1000.00', termDays: 30 } }));
    const stayId = ok(await checkIn(await newGuest(), accountId, 1, '600.00')).checkIn.id;
    // The room was authorised at check-in; the dinner and the minibar were not.
    const charges = [
      { outlet: 'ROOM', amount: '600.00' },
      { outlet: 'FOOD_AND_BEVERAGE', amount: '450.00' },
      { outlet: 'OTHER', amount: '50.00' },
    ];
    const refused = await graph.as('FRONT_OFFICE')(contract.CheckOut, { stayId, charges });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CREDIT_LIMIT_EXCEEDED', available: '1000.00' });
    const still = await graph.as('FRONT_OFFICE')<{ stay: { status: string } }>(
      'query($id: ID!) { stay(id: $id) { status } }',
      { id: stayId },
    );
    expect(still.data?.stay.status).toBe('IN_HOUSE');
    const split = ok(
      await graph.as('FRONT_OFFICE')<{ checkOut: Record<string, unknown> }>(
        `mutation($stayId: ID!, $charges: [ChargeInput!]!) {
          checkOut(stayId: $stayId, charges: $charges, restPaidBy: CARD) {
            status totalSpend directBilled restPaidBy restPaid } }`,
        { stayId, charges },
      ),
    );
    expect(split.checkOut).toEqual({
      status: 'CHECKED_OUT',
      totalSpend: '1100.00',
      directBilled: '1000.00',
      restPaidBy: 'CARD',
      restPaid: '100.00',
    });
    // Credit owes only what was billed; production counts the whole stay.
    const after = await waitFor(
      () => credit(accountId),
      (c) => c?.outstanding === '1000.00',
      { timeoutMs: 5000 },
    );
    expect(after).toMatchObject({ outstanding: '1000.00', available: '0.00' });
    const production = await waitFor(
      async () =>
        ok(
          await graph.as('SALES')<{ account: { production: { stays: number; revenue: string } } }>(
            'query($id: ID!) { account(id: $id) { production { stays revenue } } }',
            { id: accountId },
          ),
        ).account.production,
      (p) => p.stays === 1,
      { timeoutMs: 5000 },
    );
    expect(production).toEqual({ stays: 1, revenue: '1100.00' });
  });

  it('refuses direct bill for an account on hold', async () => {
    const accountId = await newAccount();
    ok(await graph.as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '50000.00', termDays: 15 } }));
    ok(
      await graph.as('MANAGER')(
        'mutation($a: ID!) { placeCreditHold(accountId: $a, reason: "Cheque bounced") { status } }',
        { a: accountId },
      ),
    );
    expect(codeOf(await checkIn(await newGuest(), accountId, 1, '300.00'))).toBe('CREDIT_HOLD');
    expect((await credit(accountId))?.status).toBe('HOLD');
  });

  it('counts production once per stay, by account at check-in or by the guest link, beside what the account owes', async () => {
    const accountId = await newAccount();
    ok(await graph.as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '10000.00', termDays: 30 } }));
    const billed = await newGuest();
    const linked = await newGuest();
    ok(await graph.as('SALES')(contract.LinkGuestToAccount, { guestId: linked, accountId }));
    const s1 = ok(await checkIn(billed, accountId, 2, '650.00')).checkIn.id;
    const s2 = ok(await checkIn(linked, null, 3, '700.00', 'CARD')).checkIn.id;
    ok(
      await graph.as('FRONT_OFFICE')(contract.CheckOut, {
        stayId: s1,
        charges: [{ outlet: 'ROOM', amount: '1300.00' }],
      }),
    );
    ok(
      await graph.as('FRONT_OFFICE')(contract.CheckOut, {
        stayId: s2,
        charges: [
          { outlet: 'ROOM', amount: '2100.00' },
          { outlet: 'MEETING', amount: '400.25' },
        ],
      }),
    );

    const findOnPages = async () => {
      let after: string | null = null;
      for (;;) {
        const page: Page = ok(
          await graph.as('ANALYST', 'FINANCE')<Page>(contract.AccountProduction, { first: 100, after }),
        );
        const hit = page.accounts.edges.find((e) => e.node.id === accountId);
        if (hit) return hit.node;
        if (!page.accounts.pageInfo.hasNextPage) return null;
        after = page.accounts.pageInfo.endCursor;
      }
    };
    const node = await waitFor(findOnPages, (n) => n?.production.stays === 2 && n.credit?.outstanding === '1300.00', {
      timeoutMs: 5000,
    });
    expect(node?.production).toEqual({ stays: 2, roomNights: 5, revenue: '3800.25' });
  });
});
