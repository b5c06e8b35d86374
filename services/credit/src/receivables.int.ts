import { randomUUID } from 'node:crypto';
import { sql, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// Payments and their allocation, the credit balance, the ledger's balance rule, status and holds.
let h: CreditHarness;
beforeAll(async () => {
  h = await startCreditHarness();
});
afterAll(async () => {
  await h?.dispose();
});

const PAY = `mutation($a: ID!, $amount: Money!, $on: Date, $ids: [ID!], $ref: String) {
  recordPayment(accountId: $a, amount: $amount, receivedOn: $on, invoiceIds: $ids, reference: $ref) {
    id amount unapplied receivedOn reference allocations { invoiceId amount } } }`;
type Paid = { recordPayment: { unapplied: string; allocations: { invoiceId: string; amount: string }[] } };

/** Books direct-billed stays for an account, oldest first, and returns their invoices' ids in that order. */
async function invoicesFor(account: string, totals: string[]) {
  const ids: string[] = [];
  for (const [i, total] of totals.entries()) {
    const stayId = await h.checkOut({ accountId: account, total, at: `2026-0${i + 1}-10T08:00:00Z` });
    const [row] = await waitFor(
      () => sql<{ id: string }>(h.service.databaseUrl, 'SELECT id FROM credit.invoice WHERE stay_id = $1', [stayId]),
      (r) => r.length === 1,
    );
    ids.push(row!.id);
  }
  return ids;
}
const balances = async (ids: string[]) =>
  (
    await sql<{ id: string; balance: string }>(
      h.service.databaseUrl,
      'SELECT id, balance::text FROM credit.invoice WHERE id = ANY($1::uuid[])',
      [ids],
    )
  )
    .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
    .map((r) => r.balance);

/** The ledger's rule, read straight from the tables: owed = invoices - payments - credit notes. */
async function expectLedgerBalances(account: string) {
  const [t] = await sql<Record<string, string>>(
    h.service.databaseUrl,
    `SELECT (SELECT COALESCE(sum(amount), 0) FROM credit.invoice WHERE account_id = $1)::text AS invoiced,
            (SELECT COALESCE(sum(amount), 0) FROM credit.payment WHERE account_id = $1)::text AS paid,
            (SELECT COALESCE(sum(amount), 0) FROM credit.credit_note WHERE account_id = $1)::text AS credited,
            (SELECT COALESCE(sum(balance), 0) FROM credit.invoice WHERE account_id = $1)::text AS open,
            ((SELECT COALESCE(sum(unapplied), 0) FROM credit.payment WHERE account_id = $1)
              + (SELECT COALESCE(sum(unapplied), 0) FROM credit.credit_note WHERE account_id = $1))::text AS unapplied`,
    [account],
  );
  const cents = (s: string) => Math.round(Number(s) * 100);
  const c = await h.credit(account);
  expect(cents(c.outstanding)).toBe(cents(t!.invoiced!) - cents(t!.paid!) - cents(t!.credited!));
  expect(cents(c.outstanding)).toBe(cents(t!.open!) - cents(t!.unapplied!));
  expect(c.creditBalance).toBe(t!.unapplied);
  return c;
}

describe('recordPayment', () => {
  it('pays the oldest invoices first and keeps an over-payment as a credit balance', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '10000', 30);
    const ids = await invoicesFor(account, ['100.10', '200.20', '300.30']);
    const first = await h.gql<Paid>(PAY, { a: account, amount: '250.15', on: '2026-03-01', ref: 'TT-001' });
    expect(first.recordPayment.allocations).toEqual([
      { invoiceId: ids[0], amount: '100.10' },
      { invoiceId: ids[1], amount: '150.05' },
    ]);
    expect(await balances(ids)).toEqual(['0.00', '50.15', '300.30']);
    await expectLedgerBalances(account);

    const over = await h.gql<Paid>(PAY, { a: account, amount: '400.00' });
    expect(over.recordPayment.unapplied).toBe('49.55');
    expect(await balances(ids)).toEqual(['0.00', '0.00', '0.00']);
    const c = await expectLedgerBalances(account);
    expect(c).toMatchObject({ outstanding: '-49.55', creditBalance: '49.55', available: '10049.55' });

    // The next stay's invoice is paid from the credit balance first.
    const [next] = await invoicesFor(account, ['80.00']);
    expect(await balances([next!])).toEqual(['30.45']);
    expect(await expectLedgerBalances(account)).toMatchObject({ outstanding: '30.45', creditBalance: '0.00' });
  });

  it('pays the invoices named, in that order, before anything older', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '10000', 30);
    const ids = await invoicesFor(account, ['100.00', '200.00', '300.00']);
    const paid = await h.gql<Paid>(PAY, { a: account, amount: '350.00', ids: [ids[2], ids[1]] });
    expect(paid.recordPayment.allocations).toEqual([
      { invoiceId: ids[2], amount: '300.00' },
      { invoiceId: ids[1], amount: '50.00' },
    ]);
    expect(await balances(ids)).toEqual(['100.00', '150.00', '0.00']);
    await expectLedgerBalances(account);
  });

  it('refuses bad payments with BAD_USER_INPUT and books nothing', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '1000', 30);
    const [own] = await invoicesFor(account, ['10.00']);
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: '0.00' }, 'amount'],
      [{ amount: '-5.00' }, 'amount'],
      [{ amount: '5.00', ids: [own, randomUUID()] }, 'invoiceIds.1'],
      [{ amount: '5.00', ids: ['not-an-id'] }, 'invoiceIds.0'],
      [{ amount: '5.00', on: '2026-03-03' }, 'receivedOn'],
    ];
    for (const [vars, field] of cases) {
      const res = await h.service.query(PAY, { a: account, ...vars }, ['FINANCE']);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const res = await h.service.query(PAY, { a: account, amount: '1.005' }, ['FINANCE']);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const payments = await sql(h.service.databaseUrl, 'SELECT 1 FROM credit.payment WHERE account_id = $1', [account]);
    expect(payments).toHaveLength(0);
    const stranger = await h.service.query(PAY, { a: randomUUID(), amount: '5.00' }, ['FINANCE']);
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const sales = await h.service.query(PAY, { a: account, amount: '5.00' }, ['SALES']);
    expect(sales.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps outstanding = invoices - payments - credit notes through a mixed history, to the cent', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '10000', 30);
    const ids = await invoicesFor(account, ['0.10', '0.20', '999.99']);
    await h.gql(PAY, { a: account, amount: '0.15' });
    await expectLedgerBalances(account);
    await h.resolveCase({ accountId: account, billCredit: '0.30' });
    await waitFor(
      () => h.credit(account),
      (c) => c.outstanding === '999.84',
    );
    await expectLedgerBalances(account);
    await h.gql(PAY, { a: account, amount: '1000.00', ids: [ids[2]] });
    const c = await expectLedgerBalances(account);
    expect(c).toMatchObject({ outstanding: '-0.16', creditBalance: '0.16' });
  });
});

describe('status and holds', () => {
  it('turns OVERDUE when an invoice passes its due date, and GOOD again once it is paid', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 10);
    await h.checkOut({ accountId: account, total: '500.00', at: h.clock.now().toISOString() });
    await waitFor(
      () => h.credit(account),
      (c) => c.outstanding === '500.00',
    );
    expect((await h.credit(account)).status).toBe('GOOD');
    const start = h.clock.now();
    try {
      h.clock.advanceDays(11);
      expect((await h.credit(account)).status).toBe('OVERDUE');
      await h.gql(PAY, { a: account, amount: '500.00' });
      expect((await h.credit(account)).status).toBe('GOOD');
    } finally {
      h.clock.set(start);
    }
  });

  it('places and releases a hold with a reason, publishing credit.hold-placed and credit.hold-released', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    const placed = await h.gql<{ placeCreditHold: { status: string; hold: { reason: string; placedBy: string } } }>(
      'mutation($a: ID!) { placeCreditHold(accountId: $a, reason: "Disputed cheque") { status hold { reason placedBy } } }',
      { a: account },
      ['MANAGER'],
    );
    expect(placed.placeCreditHold).toEqual({
      status: 'HOLD',
      hold: { reason: 'Disputed cheque', placedBy: 'staff-manager' },
    });
    const again = await h.service.query(
      'mutation($a: ID!) { placeCreditHold(accountId: $a, reason: "again") { status } }',
      { a: account },
      ['FINANCE'],
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const noReason = await h.service.query(
      'mutation($a: ID!) { releaseCreditHold(accountId: $a, reason: "  ") { status } }',
      { a: account },
      ['FINANCE'],
    );
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const released = await h.gql<{ releaseCreditHold: { status: string; hold: null } }>(
      'mutation($a: ID!) { releaseCreditHold(accountId: $a, reason: "Cleared") { status hold { reason } } }',
      { a: account },
    );
    expect(released.releaseCreditHold).toEqual({ status: 'GOOD', hold: null });
    const sent = await waitFor(
      () =>
        sql<{ type: string; data: Record<string, string> }>(
          h.service.databaseUrl,
          `SELECT type, payload->'data' AS data FROM credit.outbox
            WHERE payload->'data'->>'accountId' = $1 AND published_at IS NOT NULL ORDER BY seq`,
          [account],
        ),
      (rows) => rows.length === 2,
    );
    expect(sent.map((e) => [e.type, e.data.reason])).toEqual([
      ['credit.hold-placed', 'Disputed cheque'],
      ['credit.hold-released', 'Cleared'],
    ]);
    const forbidden = await h.service.query(
      'mutation($a: ID!) { placeCreditHold(accountId: $a, reason: "x") { status } }',
      { a: account },
      ['SALES'],
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a backlog of check-outs', () => {
  it('releases every hold and invoices each direct-billed stay once, many to a transaction', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '1000000.00');
    const held = Array.from({ length: 30 }, () => randomUUID());
    for (const stayId of held) await h.checkIn({ accountId: account, stayId, nightlyRate: '100.00', nights: 2 });
    await waitFor(
      () =>
        sql<{ c: number }>(
          h.service.databaseUrl,
          `SELECT count(*)::int AS c FROM credit.authorization WHERE stay_id = ANY($1::uuid[])`,
          [held],
        ),
      (r) => r[0]?.c === 30,
    );
    const unheld = Array.from({ length: 30 }, () => randomUUID());
    const card = Array.from({ length: 30 }, () => randomUUID());
    await Promise.all([
      ...held.map((stayId) => h.checkOut({ accountId: account, stayId, total: '200.00' })),
      ...unheld.map((stayId) => h.checkOut({ accountId: account, stayId, total: '300.00' })),
      ...card.map((stayId) => h.checkOut({ accountId: null, stayId, total: '400.00', method: 'CARD' })),
    ]);
    await h.checkOut({ accountId: account, stayId: held[0], total: '200.00' }); // replayed under a new event id
    const all = [...held, ...unheld, ...card];
    await waitFor(
      () =>
        sql<{ c: number }>(
          h.service.databaseUrl,
          `SELECT count(*)::int AS c FROM credit.inbox WHERE consumer = 'credit__stay-checked-out'`,
        ),
      (r) => (r[0]?.c ?? 0) >= 91,
    );
    const [row] = await sql<{ invoices: number; total: string; open: number; released: number }>(
      h.service.databaseUrl,
      `SELECT (SELECT count(*)::int FROM credit.invoice WHERE stay_id = ANY($1::uuid[])) AS invoices,
              (SELECT sum(amount)::text FROM credit.invoice WHERE stay_id = ANY($1::uuid[])) AS total,
              (SELECT count(*)::int FROM credit.authorization WHERE stay_id = ANY($1::uuid[]) AND status <> 'RELEASED') AS open,
              (SELECT count(*)::int FROM credit.authorization WHERE stay_id = ANY($1::uuid[]) AND status = 'RELEASED') AS released`,
      [all],
    );
    expect(row).toEqual({ invoices: 60, total: '15000.00', open: 0, released: 60 });
  });
});
