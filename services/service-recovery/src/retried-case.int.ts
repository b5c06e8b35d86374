import { ManualClock } from '@guest-graph/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecoveryHarness, startRecovery } from './testing/recovery-harness.js';

// A complaint sent again after a lost answer carries the same requestId: one case, every retry answered with it.
let h: RecoveryHarness;
beforeAll(async () => {
  h = await startRecovery(new ManualClock('2026-03-10T08:00:00.000Z'));
});
afterAll(async () => h?.dispose());

const casesOf = async (guestId: string) =>
  (
    await h.db<{ c: number }>('SELECT count(*)::int AS c FROM service_recovery.complaint_case WHERE guest_id = $1', [
      guestId,
    ])
  )[0]!.c;

describe('openCase with a requestId', () => {
  it('opens one case however often, and however concurrently, the same request is sent', async () => {
    const guestId = h.guest();
    const first = await h.openCase({ guestId, requestId: 'desk-7-complaint-1' });
    expect((await h.openCase({ guestId, requestId: 'desk-7-complaint-1' })).id).toBe(first.id);
    const racing = await Promise.all(
      Array.from({ length: 6 }, () => h.openCase({ guestId, requestId: 'desk-7-complaint-2' })),
    );
    expect(new Set(racing.map((c) => c.id)).size).toBe(1);
    expect(racing[0]!.id).not.toBe(first.id);
    expect(await casesOf(guestId)).toBe(2);
    const opened = (await h.events('case.opened')).filter((e) => e.guestId === guestId);
    expect(opened).toHaveLength(2);
  });

  it("keeps one member of staff's requestId apart from another's", async () => {
    const guestId = h.guest();
    const desk = await h.openCase({ guestId, requestId: 'same' }, ['FRONT_OFFICE']);
    const housekeeping = await h.openCase({ guestId, requestId: 'same' }, ['HOUSEKEEPING']);
    expect(housekeeping.id).not.toBe(desk.id);
    expect(await casesOf(guestId)).toBe(2);
  });
});

describe("an investigation's words", () => {
  it('are not for ANALYST, who still reads the root cause and the department', async () => {
    const c = await h.openCase({ guestId: h.guest(), category: 'MAINTENANCE', severity: 'HIGH' });
    const investigated = await h.gql(
      `mutation($id: ID!) { recordInvestigation(id: $id, input: {
        rootCause: FACILITY, detail: "Mr Ouyang in 1210 shouted at the engineer", responsibleDepartment: ENGINEERING })
        { status } }`,
      { id: c.id },
    );
    expect(investigated.errors).toBeUndefined();
    const READ = 'query($id: ID!) { case(id: $id) { investigation { rootCause detail responsibleDepartment } } }';
    const analyst = await h.gql<{ case: { investigation: Record<string, string | null> } | null }>(READ, { id: c.id }, [
      'ANALYST',
    ]);
    expect(JSON.stringify(analyst.data)).not.toContain('Ouyang');
    expect(analyst.data?.case?.investigation).toEqual({
      rootCause: 'FACILITY',
      detail: null,
      responsibleDepartment: 'ENGINEERING',
    });
    expect(analyst.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['FORBIDDEN', ['case', 'investigation', 'detail']],
    ]);
    const manager = await h.gql<{ case: { investigation: { detail: string } } }>(READ, { id: c.id });
    expect(manager.data?.case.investigation.detail).toMatch(/Ouyang/);
  });
});
