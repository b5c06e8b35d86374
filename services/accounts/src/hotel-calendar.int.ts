import { ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsDesk, startAccountsDesk } from './guest-desk.fixture.js';

// Production is booked on the hotel's date (Beijing time), not the UTC date: a stay checked out at 00:30 on
// 2 March in Beijing is 16:30 UTC on 1 March. The desk checks stays out by the service's clock, so pinning it
// pins the check-outs too.
let desk: AccountsDesk;
const clock = new ManualClock('2026-03-01T16:30:00Z');
const PRODUCTION = `query($id: ID!, $from: Date, $to: Date) {
  account(id: $id) { production(from: $from, to: $to) { from to stays revenue } }
}`;

beforeAll(async () => {
  desk = await startAccountsDesk({ clock });
});
afterAll(async () => desk?.dispose());

describe('production on the hotel calendar', () => {
  it.each([
    { at: '2026-03-01T16:30:00Z', local: '00:30', today: '2026-03-02' },
    { at: '2026-03-01T15:30:00Z', local: '23:30', today: '2026-03-01' },
  ])('books a stay checked out at $local in Beijing on $today', async ({ at, today }) => {
    clock.set(at);
    const { id } = await desk.createAccount({ name: `Calendar Co ${today}` });
    await desk.checkOut({ accountId: id, nights: 1, totalSpend: '688.00' });
    const production = async (vars: Record<string, unknown> = {}) =>
      (await desk.gql(PRODUCTION, { id, ...vars })).account.production;
    await waitFor(
      () => production({ from: '2026-02-01' }),
      (p) => p.stays === 1,
    );
    // The default window ends on the hotel's today, and the stay falls on it.
    expect(await production()).toMatchObject({ to: today, stays: 1 });
    expect(await production({ from: today, to: today })).toEqual({
      from: today,
      to: today,
      stays: 1,
      revenue: '688.00',
    });
  });
});
