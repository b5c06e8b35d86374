import { ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor } from './application/index.js';
import { type AccountsDesk, startAccountsDesk } from './guest-desk.fixture.js';

// Seed 004's dormant clients (issue 23): an account with no production and no contact for the configured days
// falls asleep by itself, by the scheduled job, once, with its account.updated.
let desk: AccountsDesk;
const clock = new ManualClock('2026-01-05T09:00:00Z');

beforeAll(async () => {
  desk = await startAccountsDesk({
    clock,
    env: { ACCOUNTS_DORMANT_AFTER_DAYS: '90', ACCOUNTS_DORMANCY_EVERY_MS: '200' },
  });
});
afterAll(async () => desk?.dispose());

const statusOf = async (id: string) =>
  (await desk.gql('query($id: ID!) { account(id: $id) { status } }', { id }, ['SALES'])).account.status as string;
const updates = async (accountId: string) =>
  (
    await desk.service.runtime.dataSource.query(
      `SELECT payload FROM accounts.outbox WHERE type = 'account.updated' AND payload->'data'->>'accountId' = $1`,
      [accountId],
    )
  ).map((r: { payload: { data: unknown } }) => r.payload.data);

describe('dormant accounts', () => {
  it('puts to sleep an account with no production or contact for the configured days, and no other', async () => {
    const quiet = await desk.createAccount({ name: 'Quiet Co', grade: 'B' });
    const contacted = await desk.createAccount({ name: 'Called Co', grade: 'B' });
    const staying = await desk.createAccount({ name: 'Staying Co', grade: 'B' });
    expect(await statusOf(quiet.id)).toBe('ACTIVE');
    clock.advanceDays(50);
    await desk.gql(
      'mutation($i: SalesActivityInput!) { recordSalesActivity(input: $i) { id } }',
      { i: { accountId: contacted.id, kind: 'CALL' } },
      ['SALES'],
    );
    const stayId = await desk.checkOut({ accountId: staying.id });
    await waitFor(
      () =>
        desk.service.runtime.dataSource.query('SELECT 1 FROM accounts.stay_production WHERE stay_id = $1', [stayId]),
      (r) => r.length === 1,
    );
    clock.advanceDays(50);
    // The job runs on its own (every 200 ms here): 100 days since Quiet Co was opened, 50 since the others moved.
    await waitFor(
      () => statusOf(quiet.id),
      (s) => s === 'DORMANT',
      { timeoutMs: 10_000 },
    );
    expect(await statusOf(contacted.id)).toBe('ACTIVE');
    expect(await statusOf(staying.id)).toBe('ACTIVE');
    expect(await updates(quiet.id)).toEqual([
      expect.objectContaining({ changedFields: ['status'], status: 'DORMANT' }),
    ]);
    // Again, by hand or by the next slot: nothing more.
    expect(await appFor(desk.service.runtime).putDormantAccountsToSleep()).toBe(0);
    expect(await updates(quiet.id)).toHaveLength(1);
    expect(await updates(contacted.id)).toEqual([]);
  });
});
