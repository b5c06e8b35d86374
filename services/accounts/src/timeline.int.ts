import { randomUUID } from 'node:crypto';
import { type EventBus, envelope, timeline } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { neighbourBus, sql, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsDesk, type Json, startAccountsDesk } from './guest-desk.fixture.js';

// An account's story as the accounts service keeps it: its own lines with the change, the desk's stays and
// credit's invoices from their `timeline.noted` events, once each, credit's only for the money roles.
const clock = new ManualClock('2026-03-02T02:00:00Z');
let desk: AccountsDesk;
let creditBus: EventBus;
beforeAll(async () => {
  desk = await startAccountsDesk({ clock });
  creditBus = await neighbourBus('credit', desk.service.namespace);
});
afterAll(async () => {
  await creditBus?.close();
  await desk?.dispose();
});

const TIMELINE = `query($id: ID!, $first: Int!, $after: String) { account(id: $id) { id
  timeline(first: $first, after: $after) { edges { cursor node { at kind service summary } } pageInfo { hasNextPage endCursor } } } }`;
const kinds = async (id: string, role: Parameters<AccountsDesk['gql']>[2] = ['MANAGER']) => {
  const out: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Json = (await desk.gql(TIMELINE, { id, first: 2, after }, role)).account.timeline;
    out.push(...page.edges.map((e: Json) => e.node.kind));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
};
const line = (accountId: string, kind: timeline.TimelineKind, summary: string) => {
  clock.advance(60_000);
  return {
    subject: 'ACCOUNT' as const,
    subjectId: accountId,
    key: `test:${randomUUID()}`,
    kind,
    at: clock.now().toISOString(),
    summary,
  };
};
const publish = async (bus: EventBus, source: 'guests' | 'credit', entries: timeline.TimelineEntry[], id?: string) => {
  const def = timeline.timelineNoted[source];
  const env = envelope(def, { entries }, { id });
  await bus.publishDirect(def, env, env.id);
  return env.id;
};

describe('an account timeline', () => {
  let accountId: string;
  let guestId: string;
  beforeAll(async () => {
    accountId = (await desk.createAccount({ name: 'Timeline Trading Co', grade: 'B' })).id;
    clock.advance(60_000);
    guestId = desk.registerGuest();
    await desk.gql(
      'mutation($g: ID!, $a: ID!) { linkGuestToAccount(guestId: $g, accountId: $a) { id } }',
      { g: guestId, a: accountId },
      ['SALES'],
    );
    clock.advance(60_000);
    await desk.gql(
      'mutation($i: SalesActivityInput!) { recordSalesActivity(input: $i) { id } }',
      { i: { accountId, kind: 'VISIT', purpose: 'Renewal talk with Ms Wang' } },
      ['SALES'],
    );
    await publish(desk.guestsBus, 'guests', [line(accountId, 'STAY_CHECKED_OUT', 'Guest checked out, 2 night(s)')]);
    await publish(creditBus, 'credit', [line(accountId, 'INVOICE_ISSUED', 'Invoice issued: 1376.00')]);
    await waitFor(async () => (await kinds(accountId)).length === 5);
  });

  it('lists its own and other services’ lines newest first, without typed notes', async () => {
    expect(await kinds(accountId)).toEqual([
      'INVOICE_ISSUED',
      'STAY_CHECKED_OUT',
      'SALES_ACTIVITY',
      'ACCOUNT_LINKED',
      'ACCOUNT_CREATED',
    ]);
    const page: Json = (await desk.gql(TIMELINE, { id: accountId, first: 10, after: null })).account.timeline;
    expect(JSON.stringify(page)).not.toContain('Wang');
  });

  it('notes a guest’s link for the guest’s timeline', async () => {
    const rows = await sql<{ payload: Json }>(
      desk.service.databaseUrl,
      `SELECT payload FROM accounts.outbox WHERE type = 'timeline.noted'`,
    );
    const entries = rows.flatMap((r) => {
      const p = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
      return p.entries ?? p.data?.entries ?? [];
    });
    expect(entries).toContainEqual(
      expect.objectContaining({ subject: 'GUEST', subjectId: guestId, kind: 'ACCOUNT_LINKED' }),
    );
  });

  it('shows credit’s lines only to FINANCE, MANAGER and SALES, and refuses ANALYST', async () => {
    for (const role of ['FINANCE', 'SALES'] as const)
      expect(await kinds(accountId, [role])).toContain('INVOICE_ISSUED');
    expect(await kinds(accountId, ['FRONT_OFFICE'])).not.toContain('INVOICE_ISSUED');
    const res = await desk.raw(TIMELINE, { id: accountId, first: 5, after: null }, ['ANALYST']);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('files a redelivered or replayed line once', async () => {
    const again = line(accountId, 'PAYMENT_RECEIVED', 'Payment received: 1376.00');
    const id = await publish(creditBus, 'credit', [again]);
    await publish(creditBus, 'credit', [again], id);
    await publish(creditBus, 'credit', [again]);
    await publish(creditBus, 'credit', [line(accountId, 'CREDIT_HOLD_PLACED', 'Credit hold placed')]);
    await waitFor(async () => (await kinds(accountId)).includes('CREDIT_HOLD_PLACED'));
    expect((await kinds(accountId)).filter((k) => k === 'PAYMENT_RECEIVED')).toHaveLength(1);
  });
});
