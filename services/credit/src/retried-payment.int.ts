import type { Role } from '@guest-graph/auth';
import { sql } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// A payment retried after a timeout carries the same requestId: it is recorded once, and every retry answers
// with the first payment, even when the retries race each other.
let h: CreditHarness;
beforeAll(async () => {
  h = await startCreditHarness();
});
afterAll(async () => {
  await h?.dispose();
});

const PAY = `mutation($a: ID!, $amount: Money!, $r: String) {
  recordPayment(accountId: $a, amount: $amount, requestId: $r) { id amount } }`;
type Paid = { recordPayment: { id: string; amount: string } };
const pay = (a: string, amount: string, r: string | undefined, roles: Role[]) =>
  h.service.query<Paid>(PAY, { a, amount, r }, roles);
const payments = async (account: string) =>
  (
    await sql<{ n: number }>(
      h.service.databaseUrl,
      'SELECT count(*)::int AS n FROM credit.payment WHERE account_id = $1',
      [account],
    )
  )[0]!.n;

describe('recordPayment with a requestId', () => {
  it('records a retried payment once and answers every retry with the first payment', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '10000', 30);
    const first = await pay(account, '300.00', 'bank-slip-0042', ['FINANCE']);
    expect(first.errors).toBeUndefined();
    const again = await pay(account, '300.00', 'bank-slip-0042', ['FINANCE']);
    expect(again.data?.recordPayment.id).toBe(first.data!.recordPayment.id);
    expect(await payments(account)).toBe(1);
    // Without a requestId, or with another one, it is another payment.
    await pay(account, '300.00', undefined, ['FINANCE']);
    await pay(account, '300.00', 'bank-slip-0043', ['FINANCE']);
    expect(await payments(account)).toBe(3);
  });

  it('records one payment when eight retries race each other', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '10000', 30);
    const answers = await Promise.all(Array.from({ length: 8 }, () => pay(account, '125.50', 'race-1', ['FINANCE'])));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.data!.recordPayment.id)).size).toBe(1);
    expect(await payments(account)).toBe(1);
  });

  it("keeps one caller's requestId apart from another's, and refuses an empty one", async () => {
    const account = h.newAccount();
    await h.setTerms(account, '10000', 30);
    const finance = await pay(account, '10.00', 'shared', ['FINANCE']);
    const manager = await pay(account, '10.00', 'shared', ['MANAGER']);
    expect(manager.data!.recordPayment.id).not.toBe(finance.data!.recordPayment.id);
    const empty = await pay(account, '10.00', '  ', ['FINANCE']);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'requestId' });
    expect(await payments(account)).toBe(2);
  });
});
