import { ManualClock } from '@guest-graph/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSlaBreaches } from './application/sla-breaches.js';
import { RESOLVE_CASE, type RecoveryHarness, startRecovery } from './testing/recovery-harness.js';

// SLA clocks with a hand-set clock, on a database of their own: the breach job looks at every case.
const clock = new ManualClock('2026-05-01T08:00:00.000Z');
let h: RecoveryHarness;

beforeAll(async () => {
  h = await startRecovery(clock);
});
afterAll(async () => h?.dispose());

const CASE = `query($id: ID!) { case(id: $id) {
  acknowledgeBreached resolveBreached escalatedAt timeline { kind } } }`;
type CaseView = {
  acknowledgeBreached: boolean;
  resolveBreached: boolean;
  escalatedAt: string | null;
  timeline: { kind: string }[];
};
const view = async (id: string) => (await h.gql<{ case: CaseView }>(CASE, { id })).data!.case;
const mutate = (op: string, vars: Record<string, unknown>) => h.gql(op, vars, ['MANAGER']);
const ACK = 'mutation($id: ID!) { acknowledgeCase(id: $id) { status } }';

describe('SLA clocks', () => {
  it('marks breaches, escalates to the manager and publishes case.sla-breached once, however often it runs', async () => {
    clock.set('2026-05-01T08:00:00.000Z');
    const critical = await h.openCase({ guestId: h.guest(), severity: 'CRITICAL', category: 'MAINTENANCE' });
    const acked = await h.openCase({ guestId: h.guest(), severity: 'CRITICAL', category: 'NOISE' });
    const low = await h.openCase({ guestId: h.guest(), severity: 'LOW' });
    clock.advance(10 * 60_000);
    await mutate(ACK, { id: acked.id });

    // 16 minutes: the CRITICAL case nobody picked up has missed its 15-minute acknowledgement.
    const at16 = new Date('2026-05-01T08:16:00.000Z');
    expect(await markSlaBreaches(h.service.runtime, at16)).toEqual({ acknowledge: 1, resolve: 0 });
    expect(await markSlaBreaches(h.service.runtime, at16)).toEqual({ acknowledge: 0, resolve: 0 });
    let v = await view(critical.id);
    expect(v).toMatchObject({ acknowledgeBreached: true, resolveBreached: false, escalatedAt: at16.toISOString() });

    // 61 minutes: both CRITICAL cases are past their one hour to resolve; the LOW one is not.
    const at61 = new Date('2026-05-01T09:01:00.000Z');
    expect(await markSlaBreaches(h.service.runtime, at61)).toEqual({ acknowledge: 0, resolve: 2 });
    expect(await markSlaBreaches(h.service.runtime, at61)).toEqual({ acknowledge: 0, resolve: 0 });
    v = await view(critical.id);
    expect(v.resolveBreached).toBe(true);
    expect(v.escalatedAt).toBe(at16.toISOString());
    expect(v.timeline.filter((t) => t.kind === 'SLA_BREACHED')).toHaveLength(2);
    expect((await view(low.id)).resolveBreached).toBe(false);

    const breaches = (await h.events('case.sla-breached')).filter((e) =>
      [critical.id, acked.id, low.id].includes(e.caseId as string),
    );
    expect(breaches).toHaveLength(3);
    expect(breaches.map((b) => [b.caseId, b.clock])).toEqual(
      expect.arrayContaining([
        [critical.id, 'ACKNOWLEDGE'],
        [critical.id, 'RESOLVE'],
        [acked.id, 'RESOLVE'],
      ]),
    );
    expect(breaches[0]).toMatchObject({
      severity: 'CRITICAL',
      department: 'ENGINEERING',
      dueAt: '2026-05-01T08:15:00.000Z',
    });

    const escalated = await h.gql<{ cases: { edges: { node: { id: string } }[] } }>(
      '{ cases(filter: { escalated: true, status: [OPEN, IN_PROGRESS] }) { edges { node { id } } } }',
    );
    const ids = escalated.data?.cases.edges.map((e) => e.node.id) ?? [];
    expect(ids).toContain(critical.id);
    expect(ids).toContain(acked.id);
    expect(ids).not.toContain(low.id);
  });

  it('does not mark a case resolved in time', async () => {
    clock.set('2026-05-02T08:00:00.000Z');
    const c = await h.openCase({ guestId: h.guest(), severity: 'CRITICAL' });
    clock.advance(5 * 60_000);
    await mutate(RESOLVE_CASE, { id: c.id, input: { resolution: 'Fixed at once' } });
    await markSlaBreaches(h.service.runtime, new Date('2026-05-03T08:00:00.000Z'));
    const v = await view(c.id);
    expect(v).toMatchObject({ acknowledgeBreached: false, resolveBreached: false, escalatedAt: null });
  });
});

describe('the SLA job run twice at once', () => {
  it('marks and publishes each breach once', async () => {
    clock.set('2026-05-10T08:00:00.000Z');
    const cases = [];
    for (let i = 0; i < 5; i++) cases.push(await h.openCase({ guestId: h.guest(), severity: 'CRITICAL' }));
    const at = new Date('2026-05-10T08:20:00.000Z');
    await Promise.all([markSlaBreaches(h.service.runtime, at), markSlaBreaches(h.service.runtime, at)]);
    const ids = new Set(cases.map((c) => c.id));
    const marks = await h.db(
      `SELECT case_id FROM service_recovery.case_timeline WHERE kind = 'SLA_BREACHED' AND case_id = ANY($1::uuid[])`,
      [[...ids]],
    );
    expect(marks).toHaveLength(5);
    const breaches = (await h.events('case.sla-breached')).filter((e) => ids.has(e.caseId as string));
    expect(breaches).toHaveLength(5);
  });
});
