import { loyalty } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSlaBreaches } from './application/sla-breaches.js';
import { RESOLVE_CASE, type RecoveryHarness, startRecovery } from './testing/recovery-harness.js';

// The complaint analysis over a small, known month of cases, on a database of its own.
const clock = new ManualClock('2026-10-01T08:00:00.000Z');
let h: RecoveryHarness;
let valued: string;
let member: string;

const resolveAfter = async (id: string, hours: number, input: Record<string, unknown>) => {
  const opened = clock.now().getTime();
  clock.set(new Date(opened + hours * 3_600_000));
  const res = await h.gql(RESOLVE_CASE, { id, input: { resolution: 'Put right', ...input } });
  expect(res.errors).toBeUndefined();
  clock.set(new Date(opened));
};

beforeAll(async () => {
  h = await startRecovery(clock);
  const g = h.guest();
  valued = g;
  // October: three NOISE (front office), one BILLING (finance), one MAINTENANCE (engineering).
  const noise1 = await h.openCase({ guestId: g, category: 'NOISE', severity: 'HIGH' }); // 4 h to resolve
  await resolveAfter(noise1.id, 2, { rootCauseCategory: 'FACILITY', compensationPoints: 300 });
  const noise2 = await h.openCase({ guestId: h.guest(), category: 'NOISE', severity: 'HIGH' });
  await resolveAfter(noise2.id, 6, { rootCause: 'staff', compensations: [{ kind: 'GIFT', amount: '88.00' }] });
  member = h.guest();
  await h.openCase({ guestId: member, category: 'NOISE', severity: 'LOW' });
  const bill = await h.openCase({ guestId: h.guest(), category: 'BILLING', severity: 'MEDIUM' });
  await resolveAfter(bill.id, 10, { rootCauseCategory: 'PROCESS', compensationPoints: 200 });
  await h.openCase({ guestId: h.guest(), category: 'MAINTENANCE', severity: 'CRITICAL' });
  await markSlaBreaches(h.service.runtime, new Date('2026-10-01T10:00:00.000Z'));
  // The repeat: the first guest complains about noise again in November.
  clock.set('2026-11-02T08:00:00.000Z');
  await h.openCase({ guestId: g, category: 'NOISE', severity: 'MEDIUM' });
});
afterAll(async () => h?.dispose());

const ANALYSIS = `query($from: Date!, $to: Date!) { caseAnalysis(from: $from, to: $to) {
  total byCategory { key count } byDepartment { key count } byRootCause { key count } byMonth { key count }
  byGuestTier { key count }
  meanHoursToResolve p90HoursToResolve resolveCompliance acknowledgeCompliance repeatCases
  slaByDepartment { department cases acknowledgeBreaches resolveBreaches resolveCompliance }
  compensation { kind count points amount }
} }`;

describe('case analysis', () => {
  it('counts, times and compliance over the period, for ANALYST', async () => {
    const res = await h.gql<{ caseAnalysis: Record<string, unknown> }>(
      ANALYSIS,
      { from: '2026-10-01', to: '2026-11-30' },
      ['ANALYST'],
    );
    expect(res.errors).toBeUndefined();
    const a = res.data!.caseAnalysis;
    expect(a.total).toBe(6);
    expect(a.byCategory).toEqual([
      { key: 'NOISE', count: 4 },
      { key: 'BILLING', count: 1 },
      { key: 'MAINTENANCE', count: 1 },
    ]);
    expect(a.byDepartment).toEqual([
      { key: 'FRONT_OFFICE', count: 4 },
      { key: 'ENGINEERING', count: 1 },
      { key: 'FINANCE', count: 1 },
    ]);
    expect(a.byRootCause).toEqual([
      { key: 'UNKNOWN', count: 3 },
      { key: 'FACILITY', count: 1 },
      { key: 'PROCESS', count: 1 },
      { key: 'STAFF', count: 1 },
    ]);
    expect(a.byMonth).toEqual([
      { key: '2026-10', count: 5 },
      { key: '2026-11', count: 1 },
    ]);
    expect(a.meanHoursToResolve).toBe(6);
    expect(a.p90HoursToResolve).toBe(10);
    // noise1 (2 h of 4) and bill (10 h of 24) in time; noise2 (6 h of 4) late.
    expect(a.resolveCompliance).toBe(66.7);
    expect(a.repeatCases).toBe(1);
    expect(a.slaByDepartment).toContainEqual({
      department: 'ENGINEERING',
      cases: 1,
      acknowledgeBreaches: 1,
      resolveBreaches: 1,
      resolveCompliance: null,
    });
    expect(a.compensation).toEqual([
      { kind: 'GIFT', count: 1, points: 0, amount: '88.00' },
      { kind: 'POINTS', count: 2, points: 500, amount: '0.00' },
    ]);
  });

  it('counts only cases opened in the period and refuses a period that ends before it starts', async () => {
    const nov = await h.gql<{ caseAnalysis: { total: number } }>(ANALYSIS, { from: '2026-11-01', to: '2026-11-30' });
    expect(nov.data?.caseAnalysis.total).toBe(1);
    const bad = await h.gql(ANALYSIS, { from: '2026-11-30', to: '2026-11-01' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const refused = await h.gql(ANALYSIS, { from: '2026-10-01', to: '2026-10-31' }, ['FRONT_OFFICE']);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("weighs cases by the guest's loyalty tier as loyalty announces it", async () => {
    const at = (t: string) => `2026-10-0${t}T00:00:00.000Z`;
    const membershipId = '11111111-1111-4111-8111-111111111111';
    await h.publish(loyalty.memberEnrolled, { membershipId, guestId: valued, number: 'M1', enrolledAt: at('1') });
    const tier = { membershipId, guestId: valued, reason: 'nights', from: 'MEMBER' };
    await h.publish(loyalty.tierChanged, { ...tier, to: 'GOLD', changedAt: at('3') });
    // An older change delivered late does not undo the newer one.
    await h.publish(loyalty.tierChanged, { ...tier, to: 'SILVER', changedAt: at('2') });
    await h.publish(loyalty.memberEnrolled, {
      membershipId: '22222222-2222-4222-8222-222222222222',
      guestId: member,
      number: 'M2',
      enrolledAt: at('1'),
    });
    await waitFor(
      () => h.db('SELECT 1 FROM service_recovery.inbox'),
      (rows) => rows.length === 4,
    );
    const res = await h.gql<{ caseAnalysis: { byGuestTier: unknown } }>(ANALYSIS, {
      from: '2026-10-01',
      to: '2026-11-30',
    });
    expect(res.data?.caseAnalysis.byGuestTier).toEqual([
      { key: 'NOT_A_MEMBER', count: 3 },
      { key: 'GOLD', count: 2 },
      { key: 'MEMBER', count: 1 },
    ]);
  });
});
