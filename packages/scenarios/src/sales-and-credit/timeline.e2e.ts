import { addDays, systemClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

type Line = { at: string; kind: string; service: string; summary: string };
type Page = { edges: { cursor: string; node: Line }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
type Role = Parameters<Graph['as']>[0];

// One story across the five services, told once on the guest's timeline and once on the account's: sales
// opens an account and links a guest, finance gives it credit, loyalty enrols the guest, the desk checks the
// guest in and out on direct bill (points and an invoice follow by event), guest relations handles a complaint.
describe('one timeline per guest and per account', () => {
  let graph: Graph;
  let guestId: string;
  let accountId: string;

  const guestPage = async (first: number, after: string | null, role: Role = 'MANAGER') =>
    ok(await graph.as(role)<{ guest: { timeline: Page } }>(contract.GuestTimeline, { id: guestId, first, after })).guest
      .timeline;
  const accountPage = async (first: number, after: string | null, role: Role = 'MANAGER') =>
    ok(await graph.as(role)<{ account: { timeline: Page } }>(contract.AccountTimeline, { id: accountId, first, after }))
      .account.timeline;
  const everything = async (read: (first: number, after: string | null) => Promise<Page>, first = 100) => {
    const edges: Page['edges'] = [];
    let after: string | null = null;
    for (;;) {
      const p: Page = await read(first, after);
      edges.push(...p.edges);
      if (!p.pageInfo.hasNextPage) return edges;
      after = p.pageInfo.endCursor;
    }
  };
  const guestKinds = async (role: Role = 'MANAGER') =>
    (await everything((f, a) => guestPage(f, a, role))).map((e) => e.node.kind);
  const accountKinds = async (role: Role = 'MANAGER') =>
    (await everything((f, a) => accountPage(f, a, role))).map((e) => e.node.kind);
  const until = (read: () => Promise<string[]>, kind: string) => waitFor(read, (kinds) => kinds.includes(kind));

  beforeAll(async () => {
    graph = await startGraph();
    accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: `华为技术 ${uniqueName('')}`, type: 'CORPORATE', grade: 'A' },
      }),
    ).createAccount.id;
    ok(
      await graph.as('FINANCE')(contract.SetCreditTerms, {
        accountId,
        input: { limit: '50000.00', termDays: 30, rating: 'A' },
      }),
    );
    guestId = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('陈静'), phone: '13700001111' },
      }),
    ).registerGuest.id;
    ok(await graph.as('SALES')(contract.LinkGuestToAccount, { guestId, accountId }));
    await until(guestKinds, 'ACCOUNT_LINKED');
    ok(await graph.as('LOYALTY')(contract.EnrollMember, { guestId }));
    await until(guestKinds, 'MEMBER_ENROLLED');
    const today = systemClock.today();
    const stayId = ok(
      await graph.as('FRONT_OFFICE')<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId,
          accountId,
          propertyCode: 'PEK02',
          roomType: 'KING',
          arrivalDate: today,
          departureDate: addDays(today, 2),
          nightlyRate: '900.00',
          paymentMethod: 'DIRECT_BILL',
        },
      }),
    ).checkIn.id;
    ok(
      await graph.as('FRONT_OFFICE')(contract.CheckOut, {
        stayId,
        charges: [{ outlet: 'ROOM', amount: '1800.00' }],
      }),
    );
    await until(guestKinds, 'POINTS_EARNED');
    await until(guestKinds, 'INVOICE_ISSUED');
    const caseId = ok(
      await graph.as('GUEST_RELATIONS')<{ openCase: { id: string } }>(contract.OpenCase, {
        input: { guestId, stayId, channel: 'FRONT_DESK', category: 'NOISE', severity: 'LOW', description: '隔壁太吵' },
      }),
    ).openCase.id;
    await until(guestKinds, 'CASE_OPENED');
    ok(
      await graph.as('GUEST_RELATIONS')(contract.ResolveCase, {
        id: caseId,
        input: { resolution: 'Moved to a quiet room', compensationPoints: 200 },
      }),
    );
    await until(guestKinds, 'COMPENSATION_GRANTED');
  });
  afterAll(async () => graph?.stop());

  it('tells the guest’s story from all five services, newest first', async () => {
    const lines = (await everything((f, a) => guestPage(f, a))).map((e) => e.node);
    expect(new Set(lines.map((l) => l.service))).toEqual(
      new Set(['guests', 'accounts', 'loyalty', 'credit', 'service-recovery']),
    );
    const ats = lines.map((l) => Date.parse(l.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
    // Each step waited for the one before, so the story reads in the order it was told (the points of a
    // check-out carry the check-out's time, so they may sit either side of it).
    const order = lines.map((l) => l.kind).filter((k) => k !== 'POINTS_EARNED' && k !== 'CASE_RESOLVED');
    expect(order.reverse()).toEqual([
      'GUEST_REGISTERED',
      'ACCOUNT_LINKED',
      'MEMBER_ENROLLED',
      'STAY_CHECKED_IN',
      'STAY_CHECKED_OUT',
      'INVOICE_ISSUED',
      'CASE_OPENED',
      'COMPENSATION_GRANTED',
    ]);
    expect(lines.map((l) => l.kind)).toContain('CASE_RESOLVED');
    // Plain words, nothing personal: not the name, the phone or the complaint's description.
    const text = JSON.stringify(lines);
    for (const personal of ['陈静', '13700001111', '隔壁太吵', 'quiet room']) expect(text).not.toContain(personal);
  });

  it('pages without gaps or repeats', async () => {
    const whole = await everything((f, a) => guestPage(f, a), 100);
    for (const size of [1, 3, 4]) {
      const paged = await everything((f, a) => guestPage(f, a), size);
      expect(paged.map((e) => e.cursor)).toEqual(whole.map((e) => e.cursor));
    }
  });

  it('shows credit’s lines to FINANCE, MANAGER and SALES only, and refuses ANALYST', async () => {
    for (const role of ['FINANCE', 'SALES'] as const) expect(await guestKinds(role)).toContain('INVOICE_ISSUED');
    const desk = await guestKinds('FRONT_OFFICE');
    expect(desk).not.toContain('INVOICE_ISSUED');
    expect(desk).toContain('CASE_OPENED');
    const refused = await graph.as('ANALYST')(contract.GuestTimeline, { id: guestId, first: 5, after: null });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.path).toEqual(['guest', 'timeline']);
    expect((refused.data as { guest: { timeline: unknown } }).guest.timeline).toBeNull();
  });

  it('tells the account’s story: opened, a guest linked, the stay and its invoice', async () => {
    await until(accountKinds, 'INVOICE_ISSUED');
    const kinds = (await accountKinds('FINANCE')).reverse();
    expect(kinds).toEqual([
      'ACCOUNT_CREATED',
      'ACCOUNT_LINKED',
      'STAY_CHECKED_IN',
      'STAY_CHECKED_OUT',
      'INVOICE_ISSUED',
    ]);
    expect(await accountKinds('FRONT_OFFICE')).not.toContain('INVOICE_ISSUED');
    const refused = await graph.as('ANALYST')(contract.AccountTimeline, { id: accountId, first: 5, after: null });
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });
});
