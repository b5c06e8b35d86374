import { randomUUID } from 'node:crypto';
import { credit } from '@guest-graph/events';
import { sql, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseAbandonedHolds } from './application/abandoned-holds.js';
import { authorizeDirectBill } from './application/direct-bill.js';
import { creditService } from './index.js';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// The front desk's direct-bill question over NATS request/reply, and what check-out and complaints book.
let h: CreditHarness;
let second: TestService;
beforeAll(async () => {
  h = await startCreditHarness();
  // A second credit process on the same database and bus: the queue group splits questions between them.
  second = await startTestService(creditService, {
    databaseUrl: h.service.databaseUrl,
    namespace: h.service.namespace,
    clock: h.clock,
  });
});
afterAll(async () => {
  await second?.dispose();
  await h?.dispose();
});

const ask = (accountId: string, amount: string, stayId: string = randomUUID()) =>
  h.bus.request(credit.authorizeDirectBill, { accountId, amount, stayId, guestId: randomUUID() });

describe('credit.authorize', () => {
  it('refuses an account without terms with NO_CREDIT_TERMS', async () => {
    const answer = await ask(h.newAccount(), '100.00');
    expect(answer).toMatchObject({ approved: false, code: 'NO_CREDIT_TERMS' });
  });

  it('refuses an account on hold with CREDIT_HOLD, and approves again once released', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    await h.gql('mutation($a: ID!) { placeCreditHold(accountId: $a, reason: "Cheque bounced") { status } }', {
      a: account,
    });
    expect(await ask(account, '100.00')).toMatchObject({ approved: false, code: 'CREDIT_HOLD' });
    await h.gql('mutation($a: ID!) { releaseCreditHold(accountId: $a, reason: "Cheque cleared") { status } }', {
      a: account,
    });
    expect(await ask(account, '100.00')).toMatchObject({ approved: true });
  });

  it('refuses more than the headroom with CREDIT_LIMIT_EXCEEDED, counting holds for stays in house', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '2000', 30);
    const first = await ask(account, '1376.00');
    expect(first).toMatchObject({ approved: true, available: '624.00' });
    const second = await ask(account, '688.00');
    expect(second).toMatchObject({ approved: false, code: 'CREDIT_LIMIT_EXCEEDED', available: '624.00' });
    expect(await h.credit(account)).toMatchObject({
      available: '2000.00',
      held: '1376.00',
      headroom: '624.00',
    });
  });

  it('answers the same stay asked twice with the same hold', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '1000', 30);
    const stayId = randomUUID();
    const a = await ask(account, '600.00', stayId);
    const b = await ask(account, '600.00', stayId);
    expect(a.approved && b.approved && a.authorizationId === b.authorizationId).toBe(true);
    expect(await h.credit(account)).toMatchObject({ held: '600.00' });
  });

  it('never lets concurrent check-ins spend the same headroom (two processes, one limit)', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '1000', 30);
    const answers = await Promise.all(Array.from({ length: 10 }, () => ask(account, '300.00')));
    expect(answers.filter((a) => a.approved)).toHaveLength(3);
    expect(answers.filter((a) => !a.approved && a.code === 'CREDIT_LIMIT_EXCEEDED')).toHaveLength(7);
    expect(await h.credit(account)).toMatchObject({ held: '900.00', headroom: '100.00' });

    // And straight at the workflow, many at once on the connection pool: the row lock serialises them.
    const other = h.newAccount();
    await h.setTerms(other, '1000', 30);
    const direct = await Promise.all(
      Array.from({ length: 8 }, () =>
        authorizeDirectBill(h.service.runtime, {
          accountId: other,
          amount: '250.00',
          stayId: randomUUID(),
          guestId: randomUUID(),
        }),
      ),
    );
    expect(direct.filter((a) => a.approved)).toHaveLength(4);
    expect(await h.credit(other)).toMatchObject({ held: '1000.00', headroom: '0.00' });
  });
});

describe('check-out of a direct-billed stay', () => {
  it('books one invoice for the total, due after the term, releases the hold, and raises outstanding', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    const stayId = randomUUID();
    expect(await ask(account, '1376.00', stayId)).toMatchObject({ approved: true });
    const eventId = randomUUID();
    await h.checkOut({ accountId: account, total: '1502.50', stayId, at: '2026-03-02T04:00:00Z' }, eventId);
    const after = await waitFor(
      () => h.credit(account),
      (c) => c.outstanding === '1502.50',
    );
    expect(after).toMatchObject({ available: '3497.50', held: '0.00', headroom: '3497.50' });

    // Redelivered, and re-sent under a new event id: still one invoice.
    await h.checkOut({ accountId: account, total: '1502.50', stayId, at: '2026-03-02T04:00:00Z' }, eventId);
    await h.checkOut({ accountId: account, total: '1502.50', stayId, at: '2026-03-02T04:00:00Z' });
    const marker = h.newAccount();
    await h.setTerms(marker, '100', 30);
    await h.checkOut({ accountId: marker, total: '1.00' });
    await waitFor(
      () => h.credit(marker),
      (c) => c.outstanding === '1.00',
    );
    const invoices = await sql(
      h.service.databaseUrl,
      `SELECT amount::text, balance::text, issued_on::text, due_on::text FROM credit.invoice WHERE account_id = $1`,
      [account],
    );
    expect(invoices).toEqual([
      { amount: '1502.50', balance: '1502.50', issued_on: '2026-03-02', due_on: '2026-04-01' },
    ]);
  });

  it('bills the authorised account when the check-out event carries none', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '1000', 30);
    const stayId = randomUUID();
    await ask(account, '400.00', stayId);
    await h.checkOut({ accountId: null, total: '420.00', stayId });
    const c = await waitFor(
      () => h.credit(account),
      (c) => c.outstanding === '420.00',
    );
    expect(c).toMatchObject({ held: '0.00', available: '580.00' });
  });

  it('books nothing for a stay paid otherwise, but still releases its hold', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '1000', 30);
    const stayId = randomUUID();
    await ask(account, '500.00', stayId);
    await h.checkOut({ accountId: account, total: '480.00', stayId, method: 'CARD' });
    const c = await waitFor(
      () => h.credit(account),
      (c) => c.held === '0.00',
    );
    expect(c.outstanding).toBe('0.00');
  });
});

describe('holds for stays in house', () => {
  it('releases a hold whose check-in never came, and holds it again if the check-in arrives late', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '1000', 30);
    const stayId = randomUUID();
    await ask(account, '600.00', stayId);
    const start = h.clock.now();
    try {
      h.clock.advance(20 * 60_000);
      expect(await releaseAbandonedHolds(h.service.runtime)).not.toContain(stayId);
      h.clock.advance(11 * 60_000);
      expect(await releaseAbandonedHolds(h.service.runtime)).toContain(stayId);
      expect(await releaseAbandonedHolds(h.service.runtime)).not.toContain(stayId);
    } finally {
      h.clock.set(start);
    }
    expect(await h.credit(account)).toMatchObject({ held: '0.00', headroom: '1000.00' });
    await h.checkIn({ accountId: account, stayId, nightlyRate: '300.00', nights: 2 });
    await waitFor(
      () => h.credit(account),
      (c) => c.held === '600.00',
    );
  });

  it('holds a direct-bill check-in the desk never asked about, at nightly rate x nights', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    await h.checkIn({ accountId: account, stayId: randomUUID(), nightlyRate: '688.00', nights: 3 });
    const c = await waitFor(
      () => h.credit(account),
      (c) => c.held === '2064.00',
    );
    expect(c.headroom).toBe('2936.00');
  });

  it('does not hold a stay again when its check-in event comes after its check-out', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    const stayId = await h.checkOut({ accountId: account, total: '700.00' });
    await waitFor(
      () => h.credit(account),
      (c) => c.outstanding === '700.00',
    );
    await h.checkIn({ accountId: account, stayId, nightlyRate: '350.00', nights: 2 });
    const marker = randomUUID();
    await h.checkIn({ accountId: account, stayId: marker, nightlyRate: '1.00', nights: 1 });
    const c = await waitFor(
      () => h.credit(account),
      (c) => c.held !== '0.00',
    );
    expect(c.held).toBe('1.00');
  });
});

describe('a complaint resolved with a bill credit', () => {
  it('books one credit note against the stay, whatever is redelivered', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    const stayId = await h.checkOut({ accountId: account, total: '900.00' });
    await waitFor(
      () => h.credit(account),
      (c) => c.outstanding === '900.00',
    );
    const eventId = randomUUID();
    const caseId = await h.resolveCase({ accountId: account, billCredit: '150.00', stayId }, eventId);
    await h.resolveCase({ accountId: account, billCredit: '150.00', stayId, caseId }, eventId);
    await h.resolveCase({ accountId: account, billCredit: '150.00', stayId, caseId });
    await waitFor(
      () => h.credit(account),
      (c) => c.outstanding === '750.00',
    );
    const marker = h.newAccount();
    await h.resolveCase({ accountId: marker, billCredit: '1.00' });
    await waitFor(
      () => h.credit(marker),
      (c) => c.creditBalance === '1.00',
    );
    expect(await h.credit(account)).toMatchObject({ outstanding: '750.00' });
    const notes = await sql(h.service.databaseUrl, 'SELECT amount::text FROM credit.credit_note WHERE case_id = $1', [
      caseId,
    ]);
    expect(notes).toEqual([{ amount: '150.00' }]);
    const [inv] = await sql(h.service.databaseUrl, 'SELECT balance::text FROM credit.invoice WHERE stay_id = $1', [
      stayId,
    ]);
    expect(inv).toEqual({ balance: '750.00' });
  });

  it('credits a case again when it is reopened and resolved again, once per resolution', async () => {
    const account = h.newAccount();
    await h.setTerms(account, '5000', 30);
    const stayId = await h.checkOut({ accountId: account, total: '1000.00' });
    await waitFor(
      () => h.credit(account),
      (c) => c.outstanding === '1000.00',
    );
    const caseId = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    await h.resolveCase({ accountId: account, billCredit: '100.00', stayId, caseId, resolutionId: first });
    await h.resolveCase({ accountId: account, billCredit: '100.00', stayId, caseId, resolutionId: first });
    await h.resolveCase({ accountId: account, billCredit: '50.00', stayId, caseId, resolutionId: second });
    await waitFor(
      () => h.credit(account),
      (c) => c.outstanding === '850.00',
    );
    const notes = await sql(
      h.service.databaseUrl,
      'SELECT amount::text FROM credit.credit_note WHERE case_id = $1 ORDER BY credit_note.amount',
      [caseId],
    );
    expect(notes).toEqual([{ amount: '50.00' }, { amount: '100.00' }]);
  });

  it('ignores a resolution without a bill credit or an account', async () => {
    const account = h.newAccount();
    await h.resolveCase({ accountId: account, billCredit: null });
    await h.resolveCase({ accountId: null, billCredit: '50.00' });
    const marker = h.newAccount();
    await h.resolveCase({ accountId: marker, billCredit: '2.00' });
    await waitFor(
      () => h.credit(marker),
      (c) => c.creditBalance === '2.00',
    );
    const notes = await sql(h.service.databaseUrl, 'SELECT 1 FROM credit.credit_note WHERE account_id = $1', [account]);
    expect(notes).toHaveLength(0);
  });
});
