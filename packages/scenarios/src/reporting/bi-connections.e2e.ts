import { randomUUID } from 'node:crypto';
import type { Role } from '@guest-graph/auth';
import { addDays, systemClock } from '@guest-graph/subgraph-kit';
import { arrivingToday, sql, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';
import { statementCost } from '../support/statements.js';

// BI's nightly pulls of accounts, cases, invoices and the credit ledger (issue 17): each a connection of what
// changed since, on a (changed at, id) keyset; and the figures BI asks for first, each one query.
const ACCOUNTS = `query($since: DateTime, $first: Int, $after: String, $from: Date, $to: Date) {
  accountsChanged(changedSince: $since, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { accountId changedAt account { id name grade
      productionByMonth(from: $from, to: $to) { month stays roomNights revenue } } } } } }`;
const CASES = `query($since: DateTime, $first: Int, $after: String) {
  casesChanged(changedSince: $since, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { caseId guestId stayId propertyCode category severity department status openedAt dueAt
      resolvedAt acknowledgeOutcome resolveOutcome escalated reopenCount changedAt } } } }`;
const INVOICES = `query($since: DateTime, $first: Int, $after: String) {
  invoicesChanged(changedSince: $since, first: $first, after: $after) {
    asOf pageInfo { hasNextPage endCursor }
    edges { node { invoiceId changedAt daysPastDue agingBucket
      invoice { id accountId stayId amount balance status issuedOn dueOn } } } } }`;
const LEDGER = `query($since: DateTime, $first: Int, $after: String) {
  creditLedgerChanged(changedSince: $since, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { entryId kind accountId amount open bookedOn invoiceId stayId caseId changedAt } } } }`;

type Node = { changedAt: string } & Record<string, unknown>;
type Conn = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Node }[] };

const today = systemClock.today();
const FROM = addDays(today, -40);
const TO = addDays(today, 40);

describe('BI connections and cross-service figures', () => {
  let graph: Graph;
  let accountId: string;
  let member: string;
  let walkIn: string;
  let billed: string;
  let caseId: string;

  /** Every node of a connection, paging `first` at a time. */
  const pull = async (query: string, root: string, roles: Role[], vars: Record<string, unknown> = {}, first = 2) => {
    const seen: Node[] = [];
    let after: string | null = null;
    for (;;) {
      const data = ok(await graph.as(...roles)<Record<string, Conn>>(query, { ...vars, first, after }));
      const page: Conn = data[root]!;
      expect(page.edges.length).toBeLessThanOrEqual(first);
      seen.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return seen;
      after = page.pageInfo.endCursor;
    }
  };
  const latest = (nodes: Node[]) => new Date(Math.max(...nodes.map((n) => Date.parse(n.changedAt))) + 1).toISOString();
  const inOrder = (nodes: Node[]) => {
    const keys = nodes.map((n) => Date.parse(n.changedAt));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  };

  const checkInOut = async (guestId: string, nights: number, amount: string, extra: Record<string, unknown> = {}) => {
    const desk = graph.as('FRONT_OFFICE');
    const { checkIn } = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'KING',
          ...arrivingToday(nights),
          nightlyRate: '500.00',
          paymentMethod: 'CASH',
          ...extra,
        },
      }),
    );
    ok(await desk(contract.CheckOut, { stayId: checkIn.id, charges: [{ outlet: 'ROOM', amount }] }));
    return checkIn.id;
  };

  beforeAll(async () => {
    graph = await startGraph();
    const register = async (segment: string) =>
      ok(
        await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
          input: { fullName: uniqueName('王芳'), segment },
        }),
      ).registerGuest.id;
    member = await register('BUSINESS');
    walkIn = await register('LEISURE');
    ok(await graph.as('FRONT_OFFICE')(contract.EnrollMember, { guestId: member }));
    accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: uniqueName('华东电力'), type: 'CORPORATE', grade: 'A' },
      }),
    ).createAccount.id;
    ok(
      await graph.as('FINANCE')(contract.SetCreditTerms, {
        accountId,
        input: { limit: '20000.00', termDays: 30, rating: 'A' },
      }),
    );
    billed = await checkInOut(member, 2, '1000.00', { accountId, paymentMethod: 'DIRECT_BILL' });
    const cash = await checkInOut(walkIn, 1, '400.00');
    caseId = ok(
      await graph.as('GUEST_RELATIONS')<{ openCase: { id: string } }>(contract.OpenCase, {
        input: {
          guestId: walkIn,
          stayId: cash,
          channel: 'FRONT_DESK',
          category: 'NOISE',
          severity: 'LOW',
          description: 'Noise at night',
        },
      }),
    ).openCase.id;
    // Production, the invoice, the member tier and service recovery's stays follow by event.
    await waitFor(
      () => graph.as('FINANCE')<Record<string, Conn>>(INVOICES, { first: 10 }),
      (r) => r.data?.invoicesChanged.edges.length === 1,
      { timeoutMs: 15_000 },
    );
    await waitFor(
      () =>
        graph.as('ANALYST')<{ complaintRates: { stays: number } }>(
          'query($f: Date!, $t: Date!) { complaintRates(from: $f, to: $t) { stays } }',
          { f: FROM, t: TO },
        ),
      (r) => r.data?.complaintRates.stays === 2,
      { timeoutMs: 15_000 },
    );
    await waitFor(
      () =>
        graph.as('ANALYST')<{ productionByAccountGrade: { stays: number }[] }>(
          'query($f: Date!, $t: Date!) { productionByAccountGrade(from: $f, to: $t) { stays } }',
          { f: FROM, t: TO },
        ),
      (r) => r.data?.productionByAccountGrade.length === 1,
      { timeoutMs: 15_000 },
    );
    await waitFor(
      () =>
        sql<{ tier: string }>(
          graph.services.guests!.databaseUrl,
          'SELECT tier FROM guests.guest_member_tier WHERE guest_id = $1',
          [member],
        ),
      (rows) => rows.length === 1,
      { timeoutMs: 15_000 },
    );
  }, 180_000);
  afterAll(async () => graph?.stop());

  it('gives revenue and nights by value tier x member tier in one query', async () => {
    type Row = { valueTier: string | null; memberTier: string | null; stays: number; nights: number; revenue: string };
    const Q = `query($f: Date!, $t: Date!) { revenueByGuestTier(from: $f, to: $t) {
      valueTier memberTier stays nights revenue } }`;
    const rows = ok(await graph.as('ANALYST')<{ revenueByGuestTier: Row[] }>(Q, { f: FROM, t: TO })).revenueByGuestTier;
    const members = rows.filter((r) => r.memberTier === 'MEMBER');
    const others = rows.filter((r) => r.memberTier === null);
    // One guest each, so one value tier each (null until the guest's value is scored).
    expect(members).toEqual([
      expect.objectContaining({ memberTier: 'MEMBER', stays: 1, nights: 2, revenue: '1000.00' }),
    ]);
    expect(others).toEqual([expect.objectContaining({ memberTier: null, stays: 1, nights: 1, revenue: '400.00' })]);
    expect(codeOf(await graph.as('FRONT_OFFICE')(Q, { f: FROM, t: TO }))).toBe('FORBIDDEN');
    const backwards = await graph.as('ANALYST')(Q, { f: TO, t: FROM });
    expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
    expect(backwards.errors![0]!.extensions!.field).toBe('to');
  });

  it('gives the complaint rate by segment beside property and department', async () => {
    type Rate = { key: string; stays: number; cases: number; casesPer100Stays: number | null };
    const Q = `query($f: Date!, $t: Date!) { complaintRates(from: $f, to: $t) {
      bySegment { key stays cases casesPer100Stays } } }`;
    const { bySegment } = ok(
      await graph.as('ANALYST')<{ complaintRates: { bySegment: Rate[] } }>(Q, { f: FROM, t: TO }),
    ).complaintRates;
    expect(bySegment).toEqual([
      { key: 'BUSINESS', stays: 1, cases: 0, casesPer100Stays: 0 },
      { key: 'LEISURE', stays: 1, cases: 1, casesPer100Stays: 100 },
    ]);
  });

  it('gives production by account grade by month in one query', async () => {
    const Q = `query($f: Date!, $t: Date!) { productionByAccountGrade(from: $f, to: $t) {
      grade month stays roomNights revenue } }`;
    const rows = ok(
      await graph.as('ANALYST')<{ productionByAccountGrade: unknown[] }>(Q, { f: FROM, t: TO }),
    ).productionByAccountGrade;
    expect(rows).toEqual([{ grade: 'A', month: today.slice(0, 7), stays: 1, roomNights: 2, revenue: '1000.00' }]);
    expect(codeOf(await graph.as('FRONT_OFFICE')(Q, { f: FROM, t: TO }))).toBe('FORBIDDEN');
  });

  it('pulls accounts that changed, production included, with their production by month', async () => {
    const all = await pull(ACCOUNTS, 'accountsChanged', ['ANALYST'], { from: FROM, to: TO });
    inOrder(all);
    expect(all.map((n) => n.accountId)).toEqual([accountId]);
    expect(all[0]!.account).toMatchObject({
      id: accountId,
      grade: 'A',
      productionByMonth: [{ month: today.slice(0, 7), stays: 1, roomNights: 2, revenue: '1000.00' }],
    });
    expect(codeOf(await graph.as('FRONT_OFFICE')(ACCOUNTS, {}))).toBe('FORBIDDEN');
    const since = latest(all);
    expect(await pull(ACCOUNTS, 'accountsChanged', ['ANALYST'], { since })).toEqual([]);
    // A second stay counted for the account moves it (the production trigger), nothing else moves.
    await checkInOut(walkIn, 1, '300.00', { accountId });
    const moved = await waitFor(
      () => pull(ACCOUNTS, 'accountsChanged', ['SALES'], { since, from: FROM, to: TO }),
      (nodes) => nodes.length === 1,
      { timeoutMs: 15_000 },
    );
    expect(moved[0]!.account).toMatchObject({ productionByMonth: [{ stays: 2, roomNights: 3, revenue: '1300.00' }] });
  });

  it('pulls cases that changed with their SLA outcomes, pseudonymous', async () => {
    const all = await pull(CASES, 'casesChanged', ['ANALYST']);
    expect(all).toEqual([
      expect.objectContaining({
        caseId,
        guestId: walkIn,
        propertyCode: 'SHA01',
        category: 'NOISE',
        severity: 'LOW',
        status: 'OPEN',
        acknowledgeOutcome: 'PENDING',
        resolveOutcome: 'PENDING',
        resolvedAt: null,
      }),
    ]);
    expect(codeOf(await graph.as('FRONT_OFFICE')(CASES, {}))).toBe('FORBIDDEN');
    const since = latest(all);
    expect(await pull(CASES, 'casesChanged', ['ANALYST'], { since })).toEqual([]);
    ok(await graph.as('GUEST_RELATIONS')(contract.ResolveCase, { id: caseId, input: { resolution: 'Moved rooms' } }));
    const resolved = await pull(CASES, 'casesChanged', ['GUEST_RELATIONS'], { since });
    expect(resolved).toEqual([expect.objectContaining({ caseId, status: 'RESOLVED', resolveOutcome: 'MET' })]);
  });

  it('pulls invoices with their aging and the ledger, for finance only', async () => {
    const invoices = await pull(INVOICES, 'invoicesChanged', ['FINANCE']);
    expect(invoices).toEqual([
      expect.objectContaining({
        daysPastDue: -30,
        agingBucket: 'CURRENT',
        invoice: expect.objectContaining({ accountId, stayId: billed, amount: '1000.00', balance: '1000.00' }),
      }),
    ]);
    const invoiceId = invoices[0]!.invoiceId as string;
    const ledger = await pull(LEDGER, 'creditLedgerChanged', ['MANAGER']);
    expect(ledger).toEqual([
      expect.objectContaining({ entryId: invoiceId, kind: 'INVOICE', accountId, amount: '1000.00', open: '1000.00' }),
    ]);
    for (const q of [INVOICES, LEDGER]) expect(codeOf(await graph.as('ANALYST')(q, {}))).toBe('FORBIDDEN');

    const since = latest([...invoices, ...ledger]);
    const { recordPayment } = ok(
      await graph.as('FINANCE')<{ recordPayment: { id: string } }>(
        'mutation($a: ID!) { recordPayment(accountId: $a, amount: "400.00") { id } }',
        { a: accountId },
      ),
    );
    const paid = await pull(INVOICES, 'invoicesChanged', ['FINANCE'], { since });
    expect(paid).toEqual([
      expect.objectContaining({ invoiceId, invoice: expect.objectContaining({ balance: '600.00' }) }),
    ]);
    const entries = await pull(LEDGER, 'creditLedgerChanged', ['FINANCE'], { since }, 1);
    inOrder(entries);
    expect(entries).toHaveLength(2);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entryId: invoiceId, kind: 'INVOICE', open: '600.00' }),
        expect.objectContaining({ entryId: recordPayment.id, kind: 'PAYMENT', amount: '400.00', open: '0.00' }),
      ]),
    );
  });

  it('refuses a page over 500 and a cursor of another list', async () => {
    for (const [q, roles] of [
      [ACCOUNTS, ['ANALYST']],
      [CASES, ['ANALYST']],
      [INVOICES, ['FINANCE']],
      [LEDGER, ['FINANCE']],
    ] as [string, Role[]][]) {
      const over = await graph.as(...roles)(q, { first: 501 });
      expect(codeOf(over)).toBe('BAD_USER_INPUT');
      expect(over.errors![0]!.extensions!.field).toBe('first');
      const foreign = await graph.as(...roles)(q, { after: Buffer.from('["2026-01-01", "x"]').toString('base64url') });
      expect(codeOf(foreign)).toBe('BAD_USER_INPUT');
      expect(foreign.errors![0]!.extensions!.field).toBe('after');
    }
  });

  it('costs the same SQL statements per subgraph for a page of 60 as for a page of 5', async () => {
    // Rows enough for a page of 60 in every connection, written straight into the schemas.
    const url = graph.services.guests!.databaseUrl;
    await sql(
      url,
      `INSERT INTO accounts.account (id, name, type, grade, status, created_at, updated_at)
       SELECT gen_random_uuid(), 'Bulk ' || i, 'CORPORATE', 'B', 'ACTIVE', now(), now() FROM generate_series(1, 70) i`,
    );
    await sql(
      url,
      `INSERT INTO service_recovery.complaint_case (id, guest_id, channel, category, severity, reported_severity,
         description, department, status, opened_by, opened_at, acknowledge_due_at, due_at)
       SELECT gen_random_uuid(), $1, 'PHONE', 'NOISE', 'LOW', 'LOW', 'bulk', 'HOUSEKEEPING', 'OPEN', 'seed', now(),
              now() + interval '8 hours', now() + interval '72 hours' FROM generate_series(1, 70) i`,
      [walkIn],
    );
    await sql(
      url,
      `INSERT INTO credit.invoice (account_id, stay_id, amount, balance, issued_on, due_on)
       SELECT $1, NULL, 100, 100, current_date - 40, current_date - 10 FROM generate_series(1, 70) i`,
      [accountId],
    );
    await sql(
      url,
      `INSERT INTO credit.payment (account_id, amount, unapplied, received_on, recorded_by)
       SELECT $1, 10, 10, current_date, 'seed' FROM generate_series(1, 70) i`,
      [accountId],
    );
    const cost = (query: string, root: string, roles: Role[], first: number) =>
      statementCost(graph, async () => {
        const range = root === 'accountsChanged' ? { from: FROM, to: TO } : {};
        const data = ok(await graph.as(...roles)<Record<string, Conn>>(query, { first, ...range }));
        expect(data[root]!.edges).toHaveLength(first);
      });
    for (const [query, root, roles, service] of [
      [ACCOUNTS, 'accountsChanged', ['ANALYST'], 'accounts'],
      [CASES, 'casesChanged', ['ANALYST'], 'service-recovery'],
      [INVOICES, 'invoicesChanged', ['FINANCE'], 'credit'],
      [LEDGER, 'creditLedgerChanged', ['FINANCE'], 'credit'],
    ] as [string, string, Role[], string][]) {
      const few = await cost(query, root, roles, 5);
      const many = await cost(query, root, roles, 60);
      expect(many, root).toEqual(few);
      // The page (and for accounts the months of the page's accounts): at most two statements.
      expect(many[service], root).toBeLessThanOrEqual(2);
      expect(many[service], root).toBeGreaterThanOrEqual(1);
    }
  });

  it('moves a guest in guestsChanged when loyalty changes the member tier, once per change', async () => {
    const GUESTS = `query($since: DateTime, $first: Int, $after: String) {
      guestsChanged(changedSince: $since, first: $first, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { guestId changedAt guest { membership { tier } } } } } }`;
    const since = latest(await pull(GUESTS, 'guestsChanged', ['ANALYST']));
    expect(await pull(GUESTS, 'guestsChanged', ['ANALYST'], { since })).toEqual([]);
    const loyalty = graph.services.loyalty!.runtime;
    const { tierChanged } = (await import('@guest-graph/events')).loyalty;
    const event = {
      membershipId: randomUUID(),
      guestId: member,
      from: 'MEMBER' as const,
      to: 'GOLD' as const,
      reason: 'test',
      changedAt: new Date().toISOString(),
    };
    await loyalty.dataSource.transaction((tx) => loyalty.bus.emit(tx, tierChanged, event));
    const moved = await waitFor(
      () => pull(GUESTS, 'guestsChanged', ['ANALYST'], { since }),
      (nodes) => nodes.length > 0,
      { timeoutMs: 15_000 },
    );
    expect(moved.map((n) => n.guestId)).toEqual([member]);
    // The same tier again (a redelivery, a replay) moves nothing.
    const after = latest(moved);
    await loyalty.dataSource.transaction((tx) => loyalty.bus.emit(tx, tierChanged, event));
    await waitFor(
      () =>
        sql<{ n: number }>(
          graph.services.guests!.databaseUrl,
          `SELECT count(*)::int AS n FROM guests.inbox WHERE consumer LIKE '%member-tier-changed%'`,
        ),
      (rows) => rows[0]!.n >= 2,
      { timeoutMs: 15_000 },
    );
    expect(await pull(GUESTS, 'guestsChanged', ['ANALYST'], { since: after })).toEqual([]);
  });
});
