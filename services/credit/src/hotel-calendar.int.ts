import { addDays, ManualClock } from '@guest-graph/subgraph-kit';
import { sql, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// Receivables fall on the hotel's dates (Beijing time), not the UTC date: 00:30 on 2 March in Beijing is 16:30
// UTC on 1 March. The harness's events (check-outs, resolutions) are stamped by the same pinned clock.
let h: CreditHarness;
const clock = new ManualClock('2026-03-01T16:30:00Z');
beforeAll(async () => {
  h = await startCreditHarness({ clock });
});
afterAll(async () => {
  await h?.dispose();
});

const PAY = `mutation($a: ID!, $amount: Money!, $on: Date) {
  recordPayment(accountId: $a, amount: $amount, receivedOn: $on) { amount receivedOn } }`;

const times = [
  { at: '2026-03-01T16:30:00Z', local: '00:30', today: '2026-03-02' },
  { at: '2026-03-01T15:30:00Z', local: '23:30', today: '2026-03-01' },
];

describe('receivables on the hotel calendar', () => {
  it.each(times)('takes a payment received today at $local in Beijing ($today)', async ({ at, today }) => {
    clock.set(at);
    const account = h.newAccount();
    await h.setTerms(account, '1000', 30);
    const named = await h.gql<{ recordPayment: { receivedOn: string } }>(PAY, {
      a: account,
      amount: '10.00',
      on: today,
    });
    expect(named.recordPayment).toEqual({ amount: '10.00', receivedOn: today });
    const unnamed = await h.gql<{ recordPayment: { receivedOn: string } }>(PAY, { a: account, amount: '5.00' });
    expect(unnamed.recordPayment.receivedOn).toBe(today);
  });

  it.each(times)('still refuses a payment received tomorrow at $local in Beijing', async ({ at, today }) => {
    clock.set(at);
    const account = h.newAccount();
    await h.setTerms(account, '1000', 30);
    const res = await h.service.query(PAY, { a: account, amount: '5.00', on: addDays(today, 1) }, ['FINANCE']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'receivedOn' });
  });

  it.each(times)('dates the invoice of a check-out at $local in Beijing on $today', async ({ at, today }) => {
    clock.set(at);
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    const stayId = await h.checkOut({ accountId: account, total: '688.00' });
    const [invoice] = await waitFor(
      () =>
        sql<{ issued_on: string; due_on: string }>(
          h.service.databaseUrl,
          'SELECT issued_on::text, due_on::text FROM credit.invoice WHERE stay_id = $1',
          [stayId],
        ),
      (r) => r.length === 1,
    );
    expect(invoice!.issued_on).toBe(today);
    expect(invoice!.due_on).toBe(today === '2026-03-02' ? '2026-04-01' : '2026-03-31');
  });
});
