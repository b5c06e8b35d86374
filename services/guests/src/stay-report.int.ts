import { randomUUID } from 'node:crypto';
import { accounts, type EventBus, envelope, serviceRecovery, timeline } from '@guest-graph/events';
import { addDays, ManualClock } from '@guest-graph/subgraph-kit';
import { neighbourBus, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestsService } from './index.js';

// The reporting copy behind staysForExport (issue 17): loyalty's points, service recovery's cases and accounts'
// grades, kept from their events. Events come in any order and more than once: a case opened while the guest is
// still in house, points told twice, two cases about one stay handled at the same moment, newer first, a case
// told again about another stay, an account's update before its creation. Each ends in the one right row, and a
// page is one SQL statement however many rows.
const clock = new ManualClock('2026-06-01T09:00:00Z');
let service: TestService;
let loyaltyBus: EventBus;
let recoveryBus: EventBus;
let accountsBus: EventBus;
let creditBus: EventBus;

beforeAll(async () => {
  service = await startTestService(guestsService, { clock });
  loyaltyBus = await neighbourBus('loyalty', service.namespace);
  recoveryBus = await neighbourBus('service-recovery', service.namespace);
  accountsBus = await neighbourBus('accounts', service.namespace);
  creditBus = await neighbourBus('credit', service.namespace);
  // The timelines' backfill asks every service once: nothing to tell here.
  for (const [source, bus] of [
    ['loyalty', loyaltyBus],
    ['service-recovery', recoveryBus],
    ['accounts', accountsBus],
    ['credit', creditBus],
  ] as const)
    bus.respond(timeline.timelineHistory[source], async () => ({ entries: [], next: null }));
});
afterAll(async () => {
  for (const bus of [loyaltyBus, recoveryBus, accountsBus, creditBus]) await bus?.close();
  await service?.dispose();
}, 120_000);

type Row = {
  stayId: string;
  departureDate: string;
  accountId: string | null;
  accountGrade: string | null;
  accountType: string | null;
  pointsEarned: number;
  caseCount: number;
  caseIds: string[];
  caseCategories: string[];
  caseSeverities: string[];
  caseDepartments: string[];
};
const EXPORT = `query($from: Date!, $to: Date!, $first: Int, $after: String) {
  staysForExport(from: $from, to: $to, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { stayId departureDate accountId accountGrade accountType pointsEarned caseCount caseIds caseCategories
            caseSeverities caseDepartments }
  } }`;
const FROM = '2026-05-01';
const TO = '2026-07-31';

const gql = <D>(q: string, variables: Record<string, unknown> = {}, roles: Parameters<TestService['query']>[2]) =>
  service.query<D>(q, variables, roles ?? ['MANAGER']);
const rows = async () => {
  const res = await gql<{ staysForExport: { nodes: Row[] } }>(EXPORT, { from: FROM, to: TO, first: 800 }, ['ANALYST']);
  expect(res.errors).toBeUndefined();
  return new Map(res.data!.staysForExport.nodes.map((r) => [r.stayId, r]));
};

const register = async () =>
  (
    await gql<{ registerGuest: { id: string } }>(
      'mutation($i: RegisterGuestInput!) { registerGuest(input: $i) { id } }',
      { i: { fullName: '报表住客' } },
      ['FRONT_OFFICE'],
    )
  ).data!.registerGuest.id;
const checkIn = async (guestId: string, accountId: string | null = null) => {
  clock.advance(60_000);
  const today = clock.today();
  const res = await gql<{ checkIn: { id: string } }>(
    'mutation($i: CheckInInput!) { checkIn(input: $i) { id } }',
    {
      i: {
        guestId,
        propertyCode: 'SHA01',
        roomType: 'KING',
        arrivalDate: today,
        departureDate: addDays(today, 1),
        nightlyRate: '800.00',
        paymentMethod: 'CARD',
        ...(accountId ? { accountId } : {}),
      },
    },
    ['FRONT_OFFICE'],
  );
  expect(res.errors).toBeUndefined();
  return res.data!.checkIn.id;
};
const checkOut = async (stayId: string) => {
  clock.advance(60_000);
  const res = await gql('mutation($s: ID!) { checkOut(stayId: $s, charges: []) { id } }', { s: stayId }, [
    'FRONT_OFFICE',
  ]);
  expect(res.errors).toBeUndefined();
};

const points = (guestId: string, stayId: string, pts: number, key = `loyalty:ledger:${randomUUID()}`) => ({
  subject: 'GUEST' as const,
  subjectId: guestId,
  key,
  kind: 'POINTS_EARNED' as const,
  at: clock.now().toISOString(),
  summary: `Points earned: ${pts}`,
  stayPoints: { stayId, points: pts },
});
const tellPoints = async (entries: timeline.TimelineEntry[], id?: string) => {
  const def = timeline.timelineNoted.loyalty;
  const env = envelope(def, { entries }, { id });
  await loyaltyBus.publishDirect(def, env, env.id);
};
const tellCase = async (c: {
  caseId: string;
  guestId: string;
  stayId: string | null;
  category: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  openedAt: string;
}) => {
  const def = serviceRecovery.caseOpened;
  const env = envelope(def, { ...c, channel: 'FRONT_DESK', department: `${c.category}_DEPT`, dueAt: c.openedAt });
  await recoveryBus.publishDirect(def, env, env.id);
};

describe("the stay report: other services' facts about a stay, in any order", () => {
  it('keeps a case opened and points told while the guest is in house, then shows them once checked out', async () => {
    const guest = await register();
    const stay = await checkIn(guest);
    const caseId = randomUUID();
    await tellCase({
      caseId,
      guestId: guest,
      stayId: stay,
      category: 'NOISE',
      severity: 'LOW',
      openedAt: clock.now().toISOString(),
    });
    const entry = points(guest, stay, 800);
    await tellPoints([entry]);
    // The same entry again, in another message, and the first message redelivered: counted once.
    await tellPoints([entry]);
    await tellPoints([points(guest, stay, 80)]);
    // Not checked out yet: not in the export, whatever the copy holds.
    expect((await rows()).has(stay)).toBe(false);
    await checkOut(stay);
    const row = await waitFor(
      async () => (await rows()).get(stay),
      (r) => r?.pointsEarned === 880 && r.caseCount === 1,
    );
    expect(row).toMatchObject({ caseIds: [caseId], caseCategories: ['NOISE'], caseSeverities: ['LOW'] });
    expect(row!.caseDepartments).toEqual(['NOISE_DEPT']);
  });

  it('lists cases oldest first however they arrive, two at once, and follows a case told about another stay', async () => {
    const guest = await register();
    const first = await checkIn(guest);
    await checkOut(first);
    const second = await checkIn(guest);
    await checkOut(second);
    const [older, newer, moved] = [randomUUID(), randomUUID(), randomUUID()];
    const at = (minutes: number) => new Date(Date.parse('2026-06-01T10:00:00Z') + minutes * 60_000).toISOString();
    // The newer first, the older and a batch of points at the same moment, then a third case.
    await tellCase({
      caseId: newer,
      guestId: guest,
      stayId: first,
      category: 'BILLING',
      severity: 'HIGH',
      openedAt: at(5),
    });
    await Promise.all([
      tellCase({ caseId: older, guestId: guest, stayId: first, category: 'NOISE', severity: 'LOW', openedAt: at(1) }),
      tellPoints([points(guest, first, 300), points(guest, first, 30)]),
      tellCase({
        caseId: moved,
        guestId: guest,
        stayId: first,
        category: 'CLEANLINESS',
        severity: 'MEDIUM',
        openedAt: at(9),
      }),
    ]);
    await waitFor(
      async () => (await rows()).get(first),
      (r) => r?.caseCount === 3 && r.pointsEarned === 330,
    );
    const now = (await rows()).get(first)!;
    expect(now.caseIds).toEqual([older, newer, moved]);
    expect(now.caseCategories).toEqual(['NOISE', 'BILLING', 'CLEANLINESS']);
    expect(now.caseSeverities).toEqual(['LOW', 'HIGH', 'MEDIUM']);
    // The third case told again about the second stay: it leaves the first.
    await tellCase({
      caseId: moved,
      guestId: guest,
      stayId: second,
      category: 'CLEANLINESS',
      severity: 'MEDIUM',
      openedAt: at(9),
    });
    const after = await waitFor(rows, (r) => r.get(second)?.caseCount === 1);
    expect(after.get(first)).toMatchObject({ caseCount: 2, caseIds: [older, newer], pointsEarned: 330 });
    expect(after.get(second)).toMatchObject({ caseIds: [moved], caseCategories: ['CLEANLINESS'], pointsEarned: 0 });
  });

  it("takes an account's grade from its newest event and keeps its type when an update carries none", async () => {
    const guest = await register();
    const accountId = randomUUID();
    // Guests asks accounts whether the account exists at check-in: answer as accounts would.
    accountsBus.respond(accounts.lookupAccounts, async ({ ids }) => ({
      accounts: ids.map((id) => ({ id, name: 'Huadong Power', grade: 'A', status: 'ACTIVE' })),
    }));
    const stay = await checkIn(guest, accountId);
    await checkOut(stay);
    const publish = async <D>(def: Parameters<typeof envelope>[0], data: D) => {
      const env = envelope(def, data as never);
      await accountsBus.publishDirect(def, env, env.id);
    };
    // An update (regraded B, from before the type travelled) arrives before the creation it follows.
    await publish(accounts.accountUpdated, {
      accountId,
      changedFields: ['grade'],
      name: 'Huadong Power',
      grade: 'B',
      status: 'ACTIVE',
      updatedAt: '2026-06-01T12:00:00.000Z',
    });
    await publish(accounts.accountCreated, {
      accountId,
      name: 'Huadong Power',
      type: 'CORPORATE',
      grade: 'A',
      createdAt: '2026-06-01T08:00:00.000Z',
    });
    const row = await waitFor(
      async () => (await rows()).get(stay),
      (r) => r?.accountType === 'CORPORATE',
    );
    expect(row).toMatchObject({
      accountId,
      accountGrade: 'B',
      accountType: 'CORPORATE',
      pointsEarned: 0,
      caseCount: 0,
    });
    await publish(accounts.accountUpdated, {
      accountId,
      changedFields: ['grade', 'type'],
      name: 'Huadong Power',
      grade: 'C',
      status: 'ACTIVE',
      type: 'GOVERNMENT',
      updatedAt: '2026-06-02T08:00:00.000Z',
    });
    await waitFor(
      async () => (await rows()).get(stay),
      (r) => r?.accountGrade === 'C' && r.accountType === 'GOVERNMENT',
    );
  });
});

describe('staysForExport', () => {
  it('is one SQL statement a page, for 5 rows as for 800, the count only when asked', async () => {
    const guest = await register();
    for (let i = 0; i < 6; i++) await checkOut(await checkIn(guest));
    const counter = service.runtime.queries;
    const background = /outbox|inbox|scheduled_job|^\s*SELECT 1\b/i;
    const original = counter.logQuery.bind(counter);
    counter.logQuery = (query: string) => {
      if (!background.test(query)) original(query);
    };
    const cost = async (first: number, withCount = false) => {
      counter.reset();
      const res = await gql<{ staysForExport: { nodes: Row[]; totalCount?: number } }>(
        `query($from: Date!, $to: Date!, $first: Int) { staysForExport(from: $from, to: $to, first: $first) {
          ${withCount ? 'totalCount' : ''} nodes { stayId pointsEarned caseIds accountGrade } } }`,
        { from: FROM, to: TO, first },
        ['ANALYST'],
      );
      expect(res.errors).toBeUndefined();
      return { statements: counter.count, rows: res.data!.staysForExport.nodes.length };
    };
    try {
      expect((await cost(5)).statements).toBe(1);
      const all = await cost(800);
      expect(all.rows).toBeGreaterThan(5);
      expect(all.statements).toBe(1);
      expect((await cost(5, true)).statements).toBe(2);
    } finally {
      counter.logQuery = original;
    }
  });

  it('pages in (departure date, id) order and refuses what staysCheckedOut refuses, for its roles only', async () => {
    const seen: Row[] = [];
    let after: string | null = null;
    for (;;) {
      type Page = { staysForExport: { nodes: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      const page: Page['staysForExport'] = (
        await gql<Page>(EXPORT, { from: FROM, to: TO, first: 2, after }, ['FINANCE'])
      ).data!.staysForExport;
      seen.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const all = [...(await rows()).values()];
    expect(seen.map((r) => r.stayId)).toEqual(all.map((r) => r.stayId));
    const order = seen.map((r) => `${r.departureDate}/${r.stayId}`);
    expect(order).toEqual([...order].sort());
    const code = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => [
      res.errors?.[0]?.extensions?.code,
      res.errors?.[0]?.extensions?.field,
    ];
    expect(code(await gql(EXPORT, { from: FROM, to: TO, first: 801 }, ['ANALYST']))).toEqual([
      'BAD_USER_INPUT',
      'first',
    ]);
    expect(code(await gql(EXPORT, { from: TO, to: FROM }, ['ANALYST']))).toEqual(['BAD_USER_INPUT', 'to']);
    expect(code(await gql(EXPORT, { from: FROM, to: TO, after: 'x' }, ['ANALYST']))[1]).toBe('after');
    for (const role of ['FRONT_OFFICE', 'GUEST_RELATIONS', 'LOYALTY'] as const)
      expect(code(await gql(EXPORT, { from: FROM, to: TO }, [role]))[0], role).toBe('FORBIDDEN');
    for (const role of ['ANALYST', 'FINANCE', 'SALES', 'MANAGER'] as const)
      expect((await gql(EXPORT, { from: FROM, to: TO, first: 1 }, [role])).errors, role).toBeUndefined();
  });
});
