import { randomUUID } from 'node:crypto';
import { accounts, type EventBus, envelope, loyalty, serviceRecovery, timeline } from '@guest-graph/events';
import { addDays, ManualClock } from '@guest-graph/subgraph-kit';
import { neighbourBus, sql, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appFor } from './application/index.js';
import { guestsService } from './index.js';

// The stay report's backfill: on a database that existed before the copy's consumers, loyalty's points, service
// recovery's cases and accounts' grades from before are asked once, a page at a time, and filed under the keys
// the live consumers use. Stopped mid-way it starts again where it stopped; run again, or with the same facts
// arriving live meanwhile, nothing is counted twice. The three services are played by neighbours answering from
// what each test puts in their history (in cursor order, as the services do).
const clock = new ManualClock('2026-06-01T09:00:00Z');
let service: TestService;
const neighbours: EventBus[] = [];
let loyaltyBus: EventBus;
let recoveryBus: EventBus;
let accountsBus: EventBus;

type PointsFact = { key: string; stayId: string; points: number };
type CaseFact = {
  caseId: string;
  stayId: string;
  category: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  department: string;
  openedAt: string;
};
type AccountFact = { accountId: string; grade: string | null; type: string; updatedAt: string };

/** What each service holds, and what the next page of it does before answering (fail, wait). */
const held = { points: [] as PointsFact[], cases: [] as CaseFact[], accounts: [] as AccountFact[] };
let beforePage: (source: string, after: string | null) => Promise<void> = async () => {};
const asked: { source: string; after: string | null }[] = [];

/** A keyset page of `items` after the cursor, the cursor being each item's key. */
function pageOf<T>(items: T[], keyOf: (t: T) => string, after: string | null, limit: number) {
  const page = [...items]
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
    .filter((t) => after === null || keyOf(t) > after)
    .slice(0, limit);
  return { page, next: page.length === limit ? keyOf(page.at(-1)!) : null };
}

beforeAll(async () => {
  service = await startTestService(guestsService, { clock });
  for (const source of ['accounts', 'service-recovery', 'loyalty', 'credit'] as const) {
    const bus = await neighbourBus(source, service.namespace);
    neighbours.push(bus);
    bus.respond(timeline.timelineHistory[source], async () => ({ entries: [], next: null }));
  }
  [accountsBus, recoveryBus, loyaltyBus] = neighbours as [EventBus, EventBus, EventBus];
  loyaltyBus.respond(loyalty.stayPointsHistory, async ({ after, limit }) => {
    asked.push({ source: 'loyalty', after });
    await beforePage('loyalty', after);
    const { page, next } = pageOf(held.points, (p) => p.key, after, limit);
    return { entries: page, next };
  });
  recoveryBus.respond(serviceRecovery.stayCaseHistory, async ({ after, limit }) => {
    asked.push({ source: 'service-recovery', after });
    await beforePage('service-recovery', after);
    const { page, next } = pageOf(held.cases, (c) => c.caseId, after, limit);
    return { cases: page, next };
  });
  accountsBus.respond(accounts.accountReportHistory, async ({ after, limit }) => {
    asked.push({ source: 'accounts', after });
    await beforePage('accounts', after);
    const { page, next } = pageOf(held.accounts, (a) => a.accountId, after, limit);
    return { accounts: page, next };
  });
  // Guests asks accounts whether a check-in's account exists: it does.
  accountsBus.respond(accounts.lookupAccounts, async ({ ids }) => ({
    accounts: ids.map((id) => ({ id, name: 'Huadong Power', grade: 'A', status: 'ACTIVE' })),
  }));
  // The backfill ran at start, over nothing yet: all three marked done.
  await waitFor(
    () => markers(),
    (m) => m.length === 3 && m.every((r) => r.completed_at),
  );
});
afterAll(async () => {
  for (const bus of neighbours) await bus.close();
  await service?.dispose();
}, 120_000);

/**
 * A database from before the copy: the services hold history the copy never heard of, and the backfill has not
 * run (no marker rows).
 */
beforeEach(async () => {
  held.points = [];
  held.cases = [];
  held.accounts = [];
  beforePage = async () => {};
  asked.length = 0;
  await sql(service.databaseUrl, 'DELETE FROM guests.stay_report_backfill');
});

const markers = () =>
  sql<{ source: string; after: string | null; loaded: number; completed_at: Date | null }>(
    service.databaseUrl,
    'SELECT source, after, loaded, completed_at FROM guests.stay_report_backfill ORDER BY source',
  );
const backfill = (pageSize: number) => appFor(service.runtime).backfillStayReport(pageSize);

type Row = {
  stayId: string;
  accountId: string | null;
  accountGrade: string | null;
  accountType: string | null;
  pointsEarned: number;
  caseCount: number;
  caseIds: string[];
  caseCategories: string[];
};
const EXPORT = `query($from: Date!, $to: Date!, $first: Int) {
  staysForExport(from: $from, to: $to, first: $first) {
    nodes { stayId accountId accountGrade accountType pointsEarned caseCount caseIds caseCategories }
  } }`;
const rows = async () => {
  const res = await service.query<{ staysForExport: { nodes: Row[] } }>(
    EXPORT,
    { from: '2026-05-01', to: '2026-07-31', first: 800 },
    ['ANALYST'],
  );
  expect(res.errors).toBeUndefined();
  return new Map(res.data!.staysForExport.nodes.map((r) => [r.stayId, r]));
};
/** The stay report's own tables, for "nothing counted twice". */
const stored = async (stayId: string) => ({
  points: await sql<{ entry_key: string; points: number }>(
    service.databaseUrl,
    'SELECT entry_key, points FROM guests.stay_report_points WHERE stay_id = $1 ORDER BY entry_key',
    [stayId],
  ),
  cases: await sql<{ case_id: string }>(
    service.databaseUrl,
    'SELECT case_id FROM guests.stay_report_case WHERE stay_id = $1 ORDER BY case_id',
    [stayId],
  ),
});

const gql = <D>(q: string, variables: Record<string, unknown>) => service.query<D>(q, variables, ['FRONT_OFFICE']);
/** A guest's checked-out stay (for an account when given). */
const checkedOutStay = async (accountId: string | null = null) => {
  const guest = (
    await gql<{ registerGuest: { id: string } }>(
      'mutation($i: RegisterGuestInput!) { registerGuest(input: $i) { id } }',
      {
        i: { fullName: '旧住客' },
      },
    )
  ).data!.registerGuest.id;
  clock.advance(60_000);
  const today = clock.today();
  const stay = (
    await gql<{ checkIn: { id: string } }>('mutation($i: CheckInInput!) { checkIn(input: $i) { id } }', {
      i: {
        guestId: guest,
        propertyCode: 'SHA01',
        roomType: 'KING',
        arrivalDate: today,
        departureDate: addDays(today, 1),
        nightlyRate: '800.00',
        paymentMethod: 'CARD',
        ...(accountId ? { accountId } : {}),
      },
    })
  ).data!.checkIn.id;
  clock.advance(60_000);
  const out = await gql('mutation($s: ID!) { checkOut(stayId: $s, charges: []) { id } }', { s: stay });
  expect(out.errors).toBeUndefined();
  return { guest, stay };
};

const entry = (stayId: string, points: number): PointsFact => ({
  key: `loyalty:ledger:${randomUUID()}`,
  stayId,
  points,
});
const minute = (n: number) => new Date(Date.parse('2026-05-20T10:00:00Z') + n * 60_000).toISOString();
const aCase = (stayId: string, category: string, openedMinute: number): CaseFact => ({
  caseId: randomUUID(),
  stayId,
  category,
  severity: 'MEDIUM',
  department: `${category}_DEPT`,
  openedAt: minute(openedMinute),
});
const sum = (facts: PointsFact[]) => facts.reduce((s, p) => s + p.points, 0);

describe('the stay report backfill', () => {
  it("files the services' history from before the copy, once: a second run leaves the same copy", async () => {
    const accountId = randomUUID();
    const first = await checkedOutStay(accountId);
    const second = await checkedOutStay();
    const before = await rows();
    expect(before.get(first.stay)).toMatchObject({ pointsEarned: 0, caseCount: 0, accountGrade: null });

    const firstPoints = [entry(first.stay, 800), entry(first.stay, 80), entry(first.stay, 200)];
    held.points = [...firstPoints, entry(second.stay, 300)];
    const [noise, billing] = [aCase(first.stay, 'NOISE', 1), aCase(first.stay, 'BILLING', 5)];
    // A case about a stay this service does not have: kept in the copy, shown by no row.
    held.cases = [billing, aCase(second.stay, 'CLEANLINESS', 2), noise, aCase(randomUUID(), 'FOOD', 3)];
    held.accounts = [
      { accountId, grade: 'B', type: 'CORPORATE', updatedAt: '2026-05-01T08:00:00.000Z' },
      { accountId: randomUUID(), grade: null, type: 'AGENCY', updatedAt: '2026-05-01T08:00:00.000Z' },
    ];

    // Pages of two: more than one question to each service, each after the last page's cursor.
    expect(await backfill(2)).toBe(true);
    const keys = held.points.map((p) => p.key).sort();
    expect(asked.filter((a) => a.source === 'loyalty').map((a) => a.after)).toEqual([null, keys[1], keys[3]]);
    const after = await rows();
    expect(after.get(first.stay)).toMatchObject({
      accountId,
      accountGrade: 'B',
      accountType: 'CORPORATE',
      pointsEarned: sum(firstPoints),
      caseCount: 2,
      caseIds: [noise.caseId, billing.caseId],
      caseCategories: ['NOISE', 'BILLING'],
    });
    expect(after.get(second.stay)).toMatchObject({ pointsEarned: 300, caseCount: 1, caseCategories: ['CLEANLINESS'] });
    const done = await markers();
    expect(done.map((m) => [m.source, m.loaded, !!m.completed_at])).toEqual([
      ['accounts', 2, true],
      ['loyalty', 4, true],
      ['service-recovery', 4, true],
    ]);

    // Done: not asked again.
    asked.length = 0;
    expect(await backfill(2)).toBe(true);
    expect(asked).toEqual([]);
    // From scratch again (the markers lost): the same copy, nothing counted twice.
    const once = { rows: await rows(), first: await stored(first.stay) };
    await sql(service.databaseUrl, 'DELETE FROM guests.stay_report_backfill');
    expect(await backfill(3)).toBe(true);
    expect(await rows()).toEqual(once.rows);
    expect(await stored(first.stay)).toEqual(once.first);
    expect(once.first.points).toHaveLength(3);
  });

  it('stopped mid-way, starts again after the last page it filed and ends complete, nothing twice', async () => {
    const { stay } = await checkedOutStay();
    held.points = [100, 200, 300, 400, 500].map((p) => entry(stay, p));
    held.cases = [aCase(stay, 'NOISE', 1), aCase(stay, 'BILLING', 2), aCase(stay, 'FOOD', 3)];
    const sorted = [...held.points].sort((a, b) => a.key.localeCompare(b.key));
    // Loyalty fails on its third page, service recovery is silent after its first: both stop there.
    beforePage = async (source, after) => {
      if (source === 'loyalty' && after === sorted[3]!.key) throw new Error('loyalty is restarting');
      if (source === 'service-recovery' && after !== null) throw new Error('service recovery is away');
    };
    expect(await backfill(2)).toBe(false);
    const stopped = Object.fromEntries((await markers()).map((m) => [m.source, m]));
    expect(stopped.loyalty).toMatchObject({ after: sorted[3]!.key, loaded: 4, completed_at: null });
    expect(stopped['service-recovery']).toMatchObject({ loaded: 2, completed_at: null });
    expect(stopped.accounts!.completed_at).not.toBeNull();
    expect((await rows()).get(stay)).toMatchObject({ pointsEarned: sum(sorted.slice(0, 4)), caseCount: 2 });

    // Back up: the next run asks after where each stopped, and the accounts done are not asked again.
    beforePage = async () => {};
    asked.length = 0;
    expect(await backfill(2)).toBe(true);
    expect(asked).toEqual([
      { source: 'loyalty', after: sorted[3]!.key },
      { source: 'service-recovery', after: stopped['service-recovery']!.after },
    ]);
    expect((await rows()).get(stay)).toMatchObject({ pointsEarned: 1500, caseCount: 3 });
    const { points, cases } = await stored(stay);
    expect(points.map((p) => p.entry_key)).toEqual(sorted.map((p) => p.key));
    expect(cases).toHaveLength(3);
    expect((await markers()).map((m) => [m.source, m.loaded, !!m.completed_at])).toEqual([
      ['accounts', 0, true],
      ['loyalty', 5, true],
      ['service-recovery', 3, true],
    ]);
  });

  it('counts once what arrives live while it runs: the same points and cases, and a newer grade', async () => {
    const accountId = randomUUID();
    const { guest, stay } = await checkedOutStay(accountId);
    const history = [10, 20, 30, 40].map((p) => entry(stay, p));
    held.points = history;
    const [older, alsoLive] = [aCase(stay, 'NOISE', 1), aCase(stay, 'BILLING', 2)];
    held.cases = [older, alsoLive];
    // Read by the backfill before a re-grade that arrives live.
    held.accounts = [{ accountId, grade: 'A', type: 'CORPORATE', updatedAt: '2026-05-01T08:00:00.000Z' }];

    // Loyalty's second page waits until the live events are in.
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let waiting = false;
    beforePage = async (source, after) => {
      if (source === 'loyalty' && after !== null) {
        waiting = true;
        await released;
      }
    };
    const run = backfill(2);
    await waitFor(async () => waiting);

    // Live: every entry of the history again (one already filed by the backfill, three not yet) and a new one,
    // a case the backfill will also answer and a new one, and a re-grade after what the backfill read.
    const fresh = entry(stay, 5);
    const line = (p: PointsFact) => ({
      subject: 'GUEST' as const,
      subjectId: guest,
      key: p.key,
      kind: 'POINTS_EARNED' as const,
      at: clock.now().toISOString(),
      summary: `Points earned: ${p.points}`,
      stayPoints: { stayId: p.stayId, points: p.points },
    });
    const publish = async <D>(bus: EventBus, def: Parameters<typeof envelope>[0], data: D) => {
      const env = envelope(def, data as never);
      await bus.publishDirect(def, env, env.id);
    };
    await publish(loyaltyBus, timeline.timelineNoted.loyalty, { entries: [...history, fresh].map(line) });
    const newer = aCase(stay, 'FOOD', 9);
    for (const c of [alsoLive, newer])
      await publish(recoveryBus, serviceRecovery.caseOpened, {
        ...c,
        guestId: guest,
        channel: 'FRONT_DESK',
        dueAt: c.openedAt,
      });
    await publish(accountsBus, accounts.accountUpdated, {
      accountId,
      changedFields: ['grade'],
      name: 'Huadong Power',
      grade: 'C',
      status: 'ACTIVE',
      type: 'CORPORATE',
      updatedAt: '2026-05-25T08:00:00.000Z',
    });
    // Service recovery and accounts are asked once loyalty is done: their live facts are in first.
    await waitFor(
      async () => (await rows()).get(stay),
      (r) => r?.pointsEarned === 105 && r.caseCount === 2 && r.accountGrade === 'C',
    );

    release();
    expect(await run).toBe(true);
    const row = (await rows()).get(stay)!;
    expect(row).toMatchObject({
      pointsEarned: 105,
      caseCount: 3,
      caseIds: [older.caseId, alsoLive.caseId, newer.caseId],
      accountGrade: 'C',
      accountType: 'CORPORATE',
    });
    const { points, cases } = await stored(stay);
    expect(points).toHaveLength(5);
    expect(cases).toHaveLength(3);
  });
});
