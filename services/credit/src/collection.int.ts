import { ManualClock } from '@guest-graph/subgraph-kit';
import { sql, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCollection } from './application/collection-job.js';
import { DEFAULT_COLLECTION_POLICY } from './domain/collection-stage.js';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// The collection workflow: reminder before the due date, then stages after it, promises and disputes.
let h: CreditHarness;
beforeAll(async () => {
  h = await startCreditHarness();
});
afterAll(async () => {
  await h?.dispose();
});

const RUN = `mutation($asOf: Date) { runCreditCollection(asOf: $asOf) {
  asOf advanced { invoiceId accountId stage message } promisesKept promisesBroken holdsPlaced } }`;
type Run = {
  runCreditCollection: {
    advanced: { invoiceId: string; accountId: string; stage: string; message: string }[];
    promisesKept: number;
    promisesBroken: number;
    holdsPlaced: string[];
  };
};
const run = async (asOf: string) => (await h.gql<Run>(RUN, { asOf })).runCreditCollection;
const stagesFor = (r: Run['runCreditCollection'], account: string) =>
  r.advanced.filter((a) => a.accountId === account).map((a) => a.stage);

/** An account with terms and one direct-billed stay checked out on `on`; returns the invoice id. */
async function billed(total: string, on: string, termDays = 10) {
  const account = h.newAccount();
  await h.setTerms(account, '10000', termDays);
  const stayId = await h.checkOut({ accountId: account, total, at: `${on}T10:00:00Z` });
  const [inv] = await waitFor(
    () => sql<{ id: string }>(h.service.databaseUrl, 'SELECT id FROM credit.invoice WHERE stay_id = $1', [stayId]),
    (r) => r.length === 1,
  );
  return { account, invoiceId: inv!.id };
}

describe('collection stages', () => {
  it('reminds before the due date, then moves through every stage to hold, each logged once', async () => {
    const { account, invoiceId } = await billed('800.00', '2026-03-02'); // due 2026-03-12
    expect(stagesFor(await run('2026-03-08'), account)).toEqual([]);
    const steps: [string, string][] = [
      ['2026-03-09', 'PRE_DUE_REMINDER'],
      ['2026-03-13', 'FIRST_REMINDER'],
      ['2026-03-27', 'SECOND_REMINDER'],
      ['2026-04-11', 'FINAL_NOTICE'],
    ];
    for (const [asOf, stage] of steps) {
      expect(stagesFor(await run(asOf), account)).toEqual([stage]);
      expect(stagesFor(await run(asOf), account)).toEqual([]); // the same day again: nothing more
    }
    expect((await h.credit(account)).status).toBe('GOOD'); // the manual clock is still at 2026-03-02
    const hold = await run('2026-04-26');
    expect(stagesFor(hold, account)).toEqual(['HOLD']);
    expect(hold.holdsPlaced).toContain(account);
    expect(await h.credit(account)).toMatchObject({ status: 'HOLD' });

    const log = await h.gql<{
      _entities: { credit: { collectionLog: { edges: { node: { stage: string; message: string } }[] } } }[];
    }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { credit {
          collectionLog { edges { node { invoiceId stage message actedOn } } } } } } }`,
      { r: [{ __typename: 'Account', id: account }] },
    );
    const entries = log._entities[0]!.credit.collectionLog.edges.map((e) => e.node);
    expect(entries.map((e) => e.stage)).toEqual([
      'HOLD',
      'FINAL_NOTICE',
      'SECOND_REMINDER',
      'FIRST_REMINDER',
      'PRE_DUE_REMINDER',
    ]);
    expect(entries[1]!.message).toMatch(/Final notice: invoice \d+ \(800.00 due 2026-03-12\)/);
    const [inv] = await sql(h.service.databaseUrl, 'SELECT collection_stage FROM credit.invoice WHERE id = $1', [
      invoiceId,
    ]);
    expect(inv).toEqual({ collection_stage: 'HOLD' });
    const events = await waitFor(
      () =>
        sql<{ placed_by: string }>(
          h.service.databaseUrl,
          `SELECT payload->'data'->>'placedBy' AS placed_by FROM credit.outbox
            WHERE type = 'credit.hold-placed' AND payload->'data'->>'accountId' = $1 AND published_at IS NOT NULL`,
          [account],
        ),
      (r) => r.length === 1,
    );
    expect(events).toEqual([{ placed_by: 'credit-collection' }]);
  });

  it('is safe to run twice at once: each stage is taken and logged once', async () => {
    const { account } = await billed('300.00', '2026-03-02');
    const [a, b] = await Promise.all([
      runCollection(h.service.runtime, '2026-03-20', DEFAULT_COLLECTION_POLICY),
      runCollection(h.service.runtime, '2026-03-20', DEFAULT_COLLECTION_POLICY),
    ]);
    const taken = [...a.advanced, ...b.advanced].filter((x) => x.accountId === account);
    expect(taken.map((x) => x.stage)).toEqual(['FIRST_REMINDER']);
    const rows = await sql(h.service.databaseUrl, 'SELECT stage FROM credit.collection_action WHERE account_id = $1', [
      account,
    ]);
    expect(rows).toEqual([{ stage: 'FIRST_REMINDER' }]);
  });

  it('leaves paid invoices alone', async () => {
    const { account } = await billed('300.00', '2026-03-02');
    await h.gql('mutation($a: ID!) { recordPayment(accountId: $a, amount: "300.00") { id } }', { a: account });
    expect(stagesFor(await run('2026-05-30'), account)).toEqual([]);
  });
});

describe('promises to pay', () => {
  const PROMISE = `mutation($a: ID!, $amount: Money!, $on: Date!) {
    recordPaymentPromise(accountId: $a, amount: $amount, promisedFor: $on, note: "Cheque in the post") {
      id status promisedFor } }`;
  const promiseStatus = async (account: string) =>
    (
      await sql<{ status: string }>(
        h.service.databaseUrl,
        'SELECT status FROM credit.payment_promise WHERE account_id = $1',
        [account],
      )
    ).map((p) => p.status);

  it('a broken promise pauses the stages until its date, then they resume', async () => {
    const { account } = await billed('500.00', '2026-03-02'); // due 2026-03-12
    expect(stagesFor(await run('2026-03-13'), account)).toEqual(['FIRST_REMINDER']);
    const start = h.clock.now();
    try {
      h.clock.set('2026-03-14T09:00:00Z');
      await h.gql(PROMISE, { a: account, amount: '500.00', on: '2026-03-30' });
      expect(stagesFor(await run('2026-03-28'), account)).toEqual([]); // SECOND_REMINDER was due on 03-27
      expect(await promiseStatus(account)).toEqual(['OPEN']);
      const after = await run('2026-03-31');
      expect(after.promisesBroken).toBeGreaterThanOrEqual(1);
      expect(stagesFor(after, account)).toEqual(['SECOND_REMINDER']);
      expect(await promiseStatus(account)).toEqual(['BROKEN']);
    } finally {
      h.clock.set(start);
    }
  });

  it('a kept promise keeps the stages paused until its date', async () => {
    const { account } = await billed('900.00', '2026-03-02'); // due 2026-03-12
    const start = h.clock.now();
    try {
      h.clock.set('2026-03-14T09:00:00Z');
      await h.gql(PROMISE, { a: account, amount: '400.00', on: '2026-04-20' });
      h.clock.set('2026-03-20T09:00:00Z');
      await h.gql(
        'mutation($a: ID!) { recordPayment(accountId: $a, amount: "400.00", receivedOn: "2026-03-20") { id } }',
        {
          a: account,
        },
      );
      const kept = await run('2026-04-01');
      expect(kept.promisesKept).toBeGreaterThanOrEqual(1);
      expect(stagesFor(kept, account)).toEqual([]);
      expect(await promiseStatus(account)).toEqual(['KEPT']);
      expect(stagesFor(await run('2026-04-21'), account)).toEqual(['FINAL_NOTICE']);
    } finally {
      h.clock.set(start);
    }
  });

  it('refuses a promise dated in the past or for nothing', async () => {
    const account = h.newAccount();
    const past = await h.service.query(PROMISE, { a: account, amount: '10.00', on: '2026-03-01' }, ['FINANCE']);
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'promisedFor' });
    const nothing = await h.service.query(PROMISE, { a: account, amount: '0.00', on: '2026-04-01' }, ['FINANCE']);
    expect(nothing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
  });
});

describe('disputes', () => {
  const DISPUTE = `mutation($i: ID!) { disputeInvoice(invoiceId: $i, reason: "Rate not as contracted") {
    disputed disputeReason balance } }`;
  const SETTLE = `mutation($i: ID!, $c: Money) { settleInvoiceDispute(invoiceId: $i, resolution: "Contract rate applied",
    creditAmount: $c) { disputed balance status } }`;

  it('holds a disputed invoice out of collection, status and allocation until settled', async () => {
    const { account, invoiceId } = await billed('1000.00', '2026-03-02');
    const disputed = await h.gql<{ disputeInvoice: Record<string, unknown> }>(DISPUTE, { i: invoiceId });
    expect(disputed.disputeInvoice).toEqual({
      disputed: true,
      disputeReason: 'Rate not as contracted',
      balance: '1000.00',
    });
    expect(stagesFor(await run('2026-04-30'), account)).toEqual([]);
    const start = h.clock.now();
    try {
      h.clock.set('2026-04-30T09:00:00Z');
      expect((await h.credit(account)).status).toBe('GOOD');
    } finally {
      h.clock.set(start);
    }
    const pay = await h.gql<{ recordPayment: { unapplied: string } }>(
      'mutation($a: ID!) { recordPayment(accountId: $a, amount: "100.00") { unapplied } }',
      { a: account },
    );
    expect(pay.recordPayment.unapplied).toBe('100.00');

    const settled = await h.gql<{ settleInvoiceDispute: Record<string, unknown> }>(SETTLE, {
      i: invoiceId,
      c: '120.00',
    });
    expect(settled.settleInvoiceDispute).toEqual({ disputed: false, balance: '880.00', status: 'OPEN' });
    expect(await h.credit(account)).toMatchObject({ outstanding: '780.00', creditBalance: '100.00' });
    expect(stagesFor(await run('2026-04-20'), account)).toEqual(['FINAL_NOTICE']);

    const again = await h.service.query(SETTLE, { i: invoiceId, c: null }, ['FINANCE']);
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('refuses a credit larger than the open balance, changing nothing', async () => {
    const { invoiceId } = await billed('50.00', '2026-03-02');
    await h.gql(DISPUTE, { i: invoiceId });
    const res = await h.service.query(SETTLE, { i: invoiceId, c: '50.01' }, ['MANAGER']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditAmount' });
    const [inv] = await sql(h.service.databaseUrl, 'SELECT disputed FROM credit.invoice WHERE id = $1', [invoiceId]);
    expect(inv).toEqual({ disputed: true });
  });
});

describe('the scheduled job', () => {
  it('runs on its own at the configured interval with the configured days', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const own = await startCreditHarness({
      clock,
      env: { CREDIT_COLLECTION_EVERY_MS: '100', CREDIT_COLLECTION_DAYS: 'FIRST_REMINDER=2' },
    });
    try {
      const account = own.newAccount();
      await own.setTerms(account, '1000', 0);
      await own.checkOut({ accountId: account, total: '99.00', at: '2026-03-02T08:00:00Z' }); // due today
      clock.set('2026-03-03T09:00:00Z'); // one day late: the courtesy reminder, not yet the first (2 days)
      const stages = () =>
        sql<{ stage: string }>(
          own.service.databaseUrl,
          'SELECT stage FROM credit.collection_action WHERE account_id = $1 ORDER BY created_at',
          [account],
        ).then((r) => r.map((x) => x.stage));
      expect(await waitFor(stages, (r) => r.length > 0)).toEqual(['PRE_DUE_REMINDER']);
      clock.set('2026-03-04T09:00:00Z');
      expect(await waitFor(stages, (r) => r.length > 1)).toEqual(['PRE_DUE_REMINDER', 'FIRST_REMINDER']);
    } finally {
      await own.dispose();
    }
  });
});
