import { randomUUID } from 'node:crypto';
import { sql, startTestService, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditService } from './index.js';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// The contract's SetCreditTerms and AccountCredit, called as the gateway would call the subgraph.
const SET_TERMS = `mutation SetCreditTerms($accountId: ID!, $input: CreditTermsInput!) {
  setCreditTerms(accountId: $accountId, input: $input) { limit termDays status } }`;
const ACCOUNT_CREDIT = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Account { id credit { limit outstanding available status } } } }`;

let h: CreditHarness;
beforeAll(async () => {
  h = await startCreditHarness();
});
afterAll(async () => {
  await h?.dispose();
});

describe('credit terms', () => {
  it('sets limit, term and rating for an account that exists, and keeps who changed them', async () => {
    const account = h.newAccount();
    const res = await h.service.query(
      SET_TERMS,
      { accountId: account, input: { limit: '50000', termDays: 30, rating: 'AA', reason: 'Signed contract' } },
      ['FINANCE'],
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ setCreditTerms: { limit: '50000.00', termDays: 30, status: 'GOOD' } });
    const credit = await h.credit(account);
    expect(credit).toMatchObject({ limit: '50000.00', outstanding: '0.00', available: '50000.00', rating: 'AA' });
    const history = await sql(
      h.service.databaseUrl,
      'SELECT credit_limit::text, term_days, rating, reason, changed_by FROM credit.terms_change WHERE account_id = $1',
      [account],
    );
    expect(history).toEqual([
      { credit_limit: '50000.00', term_days: 30, rating: 'AA', reason: 'Signed contract', changed_by: 'staff-finance' },
    ]);
  });

  it('refuses an account the accounts service does not know with NOT_FOUND, and writes nothing', async () => {
    const stranger = randomUUID();
    const res = await h.service.query(SET_TERMS, { accountId: stranger, input: { limit: '100', termDays: 30 } }, [
      'MANAGER',
    ]);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const rows = await sql(h.service.databaseUrl, 'SELECT 1 FROM credit.credit_account WHERE account_id = $1', [
      stranger,
    ]);
    expect(rows).toHaveLength(0);
  });

  it.each([
    [{ limit: '-1.00', termDays: 30 }, 'input.limit'],
    [{ limit: '1000', termDays: 400 }, 'input.termDays'],
    [{ limit: '1000', termDays: -3 }, 'input.termDays'],
  ])('refuses bad terms %j with BAD_USER_INPUT naming %s, changing nothing', async (input, field) => {
    const account = h.newAccount();
    await h.setTerms(account, '2000.00', 15);
    const res = await h.service.query(SET_TERMS, { accountId: account, input }, ['FINANCE']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await h.credit(account)).toMatchObject({ limit: '2000.00', termDays: 15 });
  });

  it('answers SERVICE_UNAVAILABLE, not a guess, when the accounts service does not answer', async () => {
    const alone = await startTestService(creditService);
    try {
      const res = await alone.query(SET_TERMS, { accountId: randomUUID(), input: { limit: '100', termDays: 30 } }, [
        'FINANCE',
      ]);
      expect(res.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(await sql(alone.databaseUrl, 'SELECT 1 FROM credit.credit_account')).toHaveLength(0);
    } finally {
      await alone.dispose();
    }
  });

  it('lets only FINANCE and MANAGER set terms', async () => {
    const account = h.newAccount();
    for (const role of ['SALES', 'FRONT_OFFICE', 'ANALYST'] as const) {
      const res = await h.service.query(SET_TERMS, { accountId: account, input: { limit: '1', termDays: 1 } }, [role]);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await h.credit(account)).toMatchObject({ hasTerms: false });
  });
});

describe('Account.credit', () => {
  it('is read by FINANCE, MANAGER and SALES; anyone else gets null and FORBIDDEN on that path', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '8000', 30);
    for (const role of ['FINANCE', 'MANAGER', 'SALES'] as const) {
      const res = await h.service.query(ACCOUNT_CREDIT, { r: [{ __typename: 'Account', id: account }] }, [role]);
      expect(res.data).toEqual({
        _entities: [
          { id: account, credit: { limit: '8000.00', outstanding: '0.00', available: '8000.00', status: 'GOOD' } },
        ],
      });
    }
    for (const role of ['FRONT_OFFICE', 'GUEST_RELATIONS', 'ANALYST'] as const) {
      const res = await h.service.query(ACCOUNT_CREDIT, { r: [{ __typename: 'Account', id: account }] }, [role]);
      expect(res.data).toEqual({ _entities: [{ id: account, credit: null }] });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.errors?.[0]?.path).toEqual(['_entities', 0, 'credit']);
    }
  });

  it('shows an account without terms as no credit: limit 0, nothing available', async () => {
    const credit = await h.credit(h.newAccount());
    expect(credit).toMatchObject({
      hasTerms: false,
      limit: '0.00',
      outstanding: '0.00',
      available: '0.00',
      status: 'GOOD',
      termDays: null,
    });
  });

  it('costs a constant number of SQL statements for a page of 100 accounts', async () => {
    const ids = Array.from({ length: 100 }, () => h.newAccount());
    for (const id of ids.slice(0, 5)) await h.setTerms(id, '1000', 30);
    await h.checkOut({ accountId: ids[1]!, total: '120.50' });
    await waitFor(
      () => h.credit(ids[1]!),
      (c) => c.outstanding === '120.50',
    );
    // The counter also sees the outbox relay's background polls; the fewest of a few runs is the request's own.
    const count = async (n: number) => Math.min(await countOnce(n), await countOnce(n), await countOnce(n));
    const countOnce = async (n: number) => {
      const before = h.service.runtime.queries.count;
      const d = await h.gql<{ _entities: { credit: { outstanding: string } }[] }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { credit { outstanding limit status } } } }`,
        { r: ids.slice(0, n).map((id) => ({ __typename: 'Account', id })) },
      );
      expect(d._entities).toHaveLength(n);
      return h.service.runtime.queries.count - before;
    };
    const ten = await count(10);
    const hundred = await count(100);
    expect(hundred).toBe(ten);
    expect(hundred).toBeLessThanOrEqual(2);
  });

  it('keeps the finance view of a page of accounts constant too (lists, aging, scorecard)', async () => {
    const ids = Array.from({ length: 100 }, () => h.newAccount());
    for (const id of ids.slice(0, 3)) {
      await h.setTerms(id, '1000', 30);
      await h.checkOut({ accountId: id, total: '10.00' });
    }
    await waitFor(
      () => h.credit(ids[2]!),
      (c) => c.outstanding === '10.00',
    );
    const view = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { credit {
      outstanding aging { total } termsHistory { limit } information { yearsTrading }
      scorecard { computedRating } invoices { edges { node { amount daysPastDue } } }
      payments { edges { node { amount allocations { amount } } } } creditNotes { edges { node { amount } } }
      paymentPromises { edges { node { amount } } } collectionLog { edges { node { stage } } } } } } }`;
    const once = async (n: number) => {
      const before = h.service.runtime.queries.count;
      const d = await h.gql<{ _entities: { credit: { invoices: { edges: unknown[] } } }[] }>(view, {
        r: ids.slice(0, n).map((id) => ({ __typename: 'Account', id })),
      });
      expect(d._entities[0]!.credit.invoices.edges).toHaveLength(1);
      return h.service.runtime.queries.count - before;
    };
    const count = async (n: number) => Math.min(await once(n), await once(n), await once(n));
    const five = await count(5);
    expect(await count(100)).toBe(five);
    expect(five).toBeLessThanOrEqual(12);
  });
});
