import { ManualClock } from '@guest-graph/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOLVE_CASE, type RecoveryHarness, startRecovery } from './testing/recovery-harness.js';

// The workflow and its money, end to end through the subgraph: every transition and refusal, authority
// limits and a manager's approval, repeats and the arrival brief's warning.
const START = '2026-04-01T08:00:00.000Z';
const clock = new ManualClock(START);
let h: RecoveryHarness;

beforeAll(async () => {
  h = await startRecovery(clock);
});
afterAll(async () => h?.dispose());

const CASE = `query($id: ID!) { case(id: $id) {
  id status assignedTo acknowledgedAt resolvedAt closedAt dueAt reopenCount severity reportedSeverity
  acknowledgeBreached resolveBreached escalatedAt
  repeatOf { id }
  investigation { rootCause detail responsibleDepartment }
  reply { channel text sentAt }
  followUp { dueAt doneAt satisfied }
  compensations { id kind points amount status offeredBy decidedBy }
  timeline { actor kind note }
} }`;
type CaseView = {
  id: string;
  status: string;
  assignedTo: string | null;
  dueAt: string;
  reopenCount: number;
  severity: string;
  reportedSeverity: string;
  acknowledgeBreached: boolean;
  resolveBreached: boolean;
  escalatedAt: string | null;
  repeatOf: { id: string } | null;
  investigation: { rootCause: string; detail: string; responsibleDepartment: string } | null;
  reply: { channel: string; text: string; sentAt: string } | null;
  followUp: { dueAt: string; doneAt: string | null; satisfied: boolean | null } | null;
  compensations: {
    id: string;
    kind: string;
    points: number;
    amount: string;
    status: string;
    decidedBy: string | null;
  }[];
  timeline: { actor: string; kind: string; note: string | null }[];
  closedAt: string | null;
};
const view = async (id: string) => (await h.gql<{ case: CaseView }>(CASE, { id })).data!.case;
const mutate = async (
  op: string,
  vars: Record<string, unknown>,
  roles: Parameters<RecoveryHarness['gql']>[2] = ['MANAGER'],
) => h.gql<Record<string, { status: string }>>(op, vars, roles);
const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

const ACK = 'mutation($id: ID!) { acknowledgeCase(id: $id, note: "On my way") { status } }';
const ASSIGN = 'mutation($id: ID!, $to: String!) { assignCase(id: $id, to: $to) { status } }';
const INVESTIGATE = `mutation($id: ID!) { recordInvestigation(id: $id, input: {
  rootCause: FACILITY, detail: "Air conditioner compressor", responsibleDepartment: ENGINEERING }) { status } }`;
const REPLY =
  'mutation($id: ID!) { replyToGuest(id: $id, input: { channel: WECHAT, text: "We are sorry" }) { status } }';
const FOLLOW_UP = `mutation($id: ID!, $satisfied: Boolean!) {
  recordFollowUp(id: $id, input: { satisfied: $satisfied, note: "Called the guest" }) { status } }`;
const REOPEN = 'mutation($id: ID!) { reopenCase(id: $id, reason: "Still noisy") { status } }';
const COMMENT = 'mutation($id: ID!) { commentOnCase(id: $id, text: "Guest prefers WeChat") { status } }';

describe('the case workflow', () => {
  it('goes OPEN → IN_PROGRESS → RESOLVED → CLOSED with a timeline, and publishes case.closed', async () => {
    clock.set(START);
    const c = await h.openCase({ guestId: h.guest(), category: 'MAINTENANCE', severity: 'HIGH' });
    expect((await mutate(ACK, { id: c.id }, ['HOUSEKEEPING'])).data?.acknowledgeCase.status).toBe('IN_PROGRESS');
    expect((await mutate(ASSIGN, { id: c.id, to: 'engineer-li' })).data?.assignCase.status).toBe('IN_PROGRESS');
    expect((await mutate(COMMENT, { id: c.id }, ['FRONT_OFFICE'])).data?.commentOnCase.status).toBe('IN_PROGRESS');
    expect((await mutate(INVESTIGATE, { id: c.id })).data?.recordInvestigation.status).toBe('IN_PROGRESS');
    clock.advance(90 * 60_000);
    const resolved = await mutate(RESOLVE_CASE, { id: c.id, input: { resolution: 'Compressor replaced' } }, [
      'GUEST_RELATIONS',
    ]);
    expect(resolved.data?.resolveCase.status).toBe('RESOLVED');
    expect((await mutate(REPLY, { id: c.id }, ['GUEST_RELATIONS'])).data?.replyToGuest.status).toBe('RESOLVED');
    const due = await h.gql<{ cases: { edges: { node: { id: string } }[] } }>(
      'query($by: DateTime!) { cases(filter: { followUpDueBy: $by }) { edges { node { id } } } }',
      { by: '2026-04-02T09:30:00.000Z' },
    );
    expect(due.data?.cases.edges.map((e) => e.node.id)).toContain(c.id);
    const notYet = await h.gql<{ cases: { edges: { node: { id: string } }[] } }>(
      'query($by: DateTime!) { cases(filter: { followUpDueBy: $by }) { edges { node { id } } } }',
      { by: '2026-04-02T09:29:00.000Z' },
    );
    expect(notYet.data?.cases.edges.map((e) => e.node.id)).not.toContain(c.id);
    clock.advance(24 * 3_600_000);
    const closed = await mutate(FOLLOW_UP, { id: c.id, satisfied: true }, ['GUEST_RELATIONS']);
    expect(closed.data?.recordFollowUp.status).toBe('CLOSED');

    const v = await view(c.id);
    expect(v.assignedTo).toBe('engineer-li');
    expect(v.investigation).toEqual({
      rootCause: 'FACILITY',
      detail: 'Air conditioner compressor',
      responsibleDepartment: 'ENGINEERING',
    });
    expect(v.reply).toMatchObject({ channel: 'WECHAT', text: 'We are sorry' });
    expect(v.followUp).toEqual({
      dueAt: '2026-04-02T09:30:00.000Z',
      doneAt: '2026-04-02T09:30:00.000Z',
      satisfied: true,
    });
    expect(v.closedAt).toBe('2026-04-02T09:30:00.000Z');
    expect(v.timeline.map((t) => t.kind)).toEqual([
      'OPENED',
      'ACKNOWLEDGED',
      'REASSIGNED',
      'COMMENT',
      'INVESTIGATED',
      'RESOLVED',
      'REPLIED',
      'FOLLOWED_UP',
      'CLOSED',
    ]);
    expect(v.timeline[1]).toMatchObject({ actor: 'staff-housekeeping', note: 'On my way' });
    const closedEvent = (await h.events('case.closed')).find((e) => e.caseId === c.id);
    expect(closedEvent).toMatchObject({ satisfied: true, closedAt: '2026-04-02T09:30:00.000Z' });
  });

  it('reopens from RESOLVED when the guest is not satisfied, with a fresh resolve clock', async () => {
    clock.set(START);
    const c = await h.openCase({ guestId: h.guest(), severity: 'HIGH' });
    await mutate(RESOLVE_CASE, { id: c.id, input: { resolution: 'Moved room' } });
    clock.set('2026-04-01T10:00:00.000Z');
    const reopened = await mutate(FOLLOW_UP, { id: c.id, satisfied: false }, ['GUEST_RELATIONS']);
    expect(reopened.data?.recordFollowUp.status).toBe('IN_PROGRESS');
    let v = await view(c.id);
    expect(v.reopenCount).toBe(1);
    expect(v.dueAt).toBe('2026-04-01T14:00:00.000Z');
    expect(v.timeline.map((t) => t.kind).slice(-2)).toEqual(['FOLLOWED_UP', 'REOPENED']);
    await mutate(RESOLVE_CASE, { id: c.id, input: { resolution: 'Moved to another floor' } });
    expect((await mutate(REOPEN, { id: c.id }, ['MANAGER'])).data?.reopenCase.status).toBe('IN_PROGRESS');
    v = await view(c.id);
    expect(v.reopenCount).toBe(2);
  });

  it('refuses every transition outside the workflow with INVALID_STATE and changes nothing', async () => {
    const open = await h.openCase({ guestId: h.guest() });
    expect(code(await mutate(REOPEN, { id: open.id }))).toBe('INVALID_STATE');
    expect(code(await mutate(FOLLOW_UP, { id: open.id, satisfied: true }))).toBe('INVALID_STATE');
    expect(code(await mutate(REPLY, { id: open.id }))).toBe('INVALID_STATE');

    await mutate(ACK, { id: open.id });
    expect(code(await mutate(ACK, { id: open.id }))).toBe('INVALID_STATE');

    await mutate(RESOLVE_CASE, { id: open.id, input: { resolution: 'Done' } });
    expect(code(await mutate(ASSIGN, { id: open.id, to: 'someone' }))).toBe('INVALID_STATE');
    expect(code(await mutate(INVESTIGATE, { id: open.id }))).toBe('INVALID_STATE');
    expect(code(await mutate(ACK, { id: open.id }))).toBe('INVALID_STATE');

    await mutate(REPLY, { id: open.id });
    await mutate(FOLLOW_UP, { id: open.id, satisfied: true });
    for (const op of [ACK, REOPEN, REPLY, COMMENT, INVESTIGATE])
      expect(code(await mutate(op, { id: open.id }))).toBe('INVALID_STATE');
    expect(code(await mutate(FOLLOW_UP, { id: open.id, satisfied: false }))).toBe('INVALID_STATE');
    const v = await view(open.id);
    expect(v.status).toBe('CLOSED');
    expect(v.timeline.map((t) => t.kind)).toEqual([
      'OPENED',
      'ACKNOWLEDGED',
      'RESOLVED',
      'REPLIED',
      'FOLLOWED_UP',
      'CLOSED',
    ]);
  });

  it('refuses to close a case whose guest had no reply, with INVALID_STATE saying so (seed 004)', async () => {
    const c = await h.openCase({ guestId: h.guest() });
    await mutate(RESOLVE_CASE, { id: c.id, input: { resolution: 'Done' } });
    const refused = await mutate(FOLLOW_UP, { id: c.id, satisfied: true }, ['GUEST_RELATIONS']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'NO_REPLY' });
    expect(refused.errors?.[0]?.message).toMatch(/reply/);
    let v = await view(c.id);
    expect(v.status).toBe('RESOLVED');
    expect(v.timeline.map((t) => t.kind)).toEqual(['OPENED', 'RESOLVED']);
    expect((await h.events('case.closed')).filter((e) => e.caseId === c.id)).toHaveLength(0);
    await mutate(REPLY, { id: c.id }, ['GUEST_RELATIONS']);
    expect(
      (await mutate(FOLLOW_UP, { id: c.id, satisfied: true }, ['GUEST_RELATIONS'])).data?.recordFollowUp.status,
    ).toBe('CLOSED');
    v = await view(c.id);
    expect(v.timeline.map((t) => t.kind).slice(-3)).toEqual(['REPLIED', 'FOLLOWED_UP', 'CLOSED']);
  });

  it('keeps the workflow roles: follow-up and reopen are guest relations work, ANALYST sees no description', async () => {
    const c = await h.openCase({ guestId: h.guest() });
    await mutate(RESOLVE_CASE, { id: c.id, input: { resolution: 'Done' } });
    expect(code(await mutate(FOLLOW_UP, { id: c.id, satisfied: true }, ['FRONT_OFFICE']))).toBe('FORBIDDEN');
    expect(code(await mutate(REOPEN, { id: c.id }, ['HOUSEKEEPING']))).toBe('FORBIDDEN');
    const res = await h.gql<{ case: { status: string; description: string | null } }>(
      'query($id: ID!) { case(id: $id) { status description } }',
      { id: c.id },
      ['ANALYST'],
    );
    expect(res.data?.case).toEqual({ status: 'RESOLVED', description: null });
    expect(res.errors?.[0]).toMatchObject({ path: ['case', 'description'], extensions: { code: 'FORBIDDEN' } });
  });
});

describe('compensation authority', () => {
  const OFFER = `mutation($caseId: ID!, $input: CaseCompensationInput!) {
    offerCompensation(caseId: $caseId, input: $input) { id status } }`;
  const APPROVE = 'mutation($id: ID!) { approveCompensation(id: $id) { status decidedBy } }';
  const REJECT = 'mutation($id: ID!) { rejectCompensation(id: $id, reason: "Too much") { status } }';

  it("grants within the offerer's limit and holds the excess for a manager", async () => {
    const c = await h.openCase({ guestId: h.guest() });
    const within = await h.gql<{ offerCompensation: { status: string } }>(
      OFFER,
      { caseId: c.id, input: { kind: 'POINTS', points: 500 } },
      ['FRONT_OFFICE'],
    );
    expect(within.data?.offerCompensation.status).toBe('APPROVED');
    // Together with the 500 already given, 100 more goes past the front office's 500.
    const above = await h.gql<{ offerCompensation: { status: string } }>(
      OFFER,
      { caseId: c.id, input: { kind: 'POINTS', points: 100 } },
      ['FRONT_OFFICE'],
    );
    expect(above.data?.offerCompensation.status).toBe('PENDING_APPROVAL');
    const gift = await h.gql<{ offerCompensation: { status: string } }>(
      OFFER,
      { caseId: c.id, input: { kind: 'FOOD_AND_BEVERAGE_VOUCHER', amount: '300.01' } },
      ['FRONT_OFFICE'],
    );
    expect(gift.data?.offerCompensation.status).toBe('PENDING_APPROVAL');
    const none = await h.gql(OFFER, { caseId: c.id, input: { kind: 'GIFT', amount: '1.00' } }, ['HOUSEKEEPING']);
    expect(none.errors).toBeUndefined();
  });

  it('holds case.resolved until the manager decides, then sends only what was approved', async () => {
    const guestId = h.guest();
    const c = await h.openCase({ guestId });
    const res = await mutate(
      RESOLVE_CASE,
      { id: c.id, input: { resolution: 'Room not ready for 3 hours', compensationPoints: 6000 } },
      ['GUEST_RELATIONS'],
    );
    expect(res.data?.resolveCase.status).toBe('RESOLVED');
    const offered = await h.gql<{ offerCompensation: { id: string } }>(
      OFFER,
      { caseId: c.id, input: { kind: 'GIFT', amount: '88.00' } },
      ['GUEST_RELATIONS'],
    );
    expect(code(offered)).toBe('INVALID_STATE');
    expect((await h.events('case.resolved')).filter((e) => e.caseId === c.id)).toHaveLength(0);

    const [pending] = (await view(c.id)).compensations;
    expect(pending).toMatchObject({ kind: 'POINTS', points: 6000, status: 'PENDING_APPROVAL' });
    expect(code(await h.gql(APPROVE, { id: pending!.id }, ['GUEST_RELATIONS']))).toBe('FORBIDDEN');
    const approved = await h.gql<{ approveCompensation: { status: string; decidedBy: string } }>(
      APPROVE,
      { id: pending!.id },
      ['MANAGER'],
    );
    expect(approved.data?.approveCompensation).toEqual({ status: 'APPROVED', decidedBy: 'staff-manager' });
    expect(code(await h.gql(APPROVE, { id: pending!.id }, ['MANAGER']))).toBe('INVALID_STATE');

    const resolved = (await h.events('case.resolved')).filter((e) => e.caseId === c.id);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ guestId, compensationPoints: 6000 });
    expect((await view(c.id)).compensations[0]?.status).toBe('GRANTED');
  });

  it('lists the cases whose offers wait for a manager, and drops each once decided', async () => {
    const AWAITING = `query($awaiting: Boolean!) { cases(filter: { awaitingApproval: $awaiting }, first: 200) {
      edges { node { id } } } }`;
    const idsOf = async (awaiting: boolean) =>
      (await h.gql<{ cases: { edges: { node: { id: string } }[] } }>(AWAITING, { awaiting })).data!.cases.edges.map(
        (e) => e.node.id,
      );
    const waiting = await h.openCase({ guestId: h.guest() });
    const within = await h.openCase({ guestId: h.guest() });
    const offered = await h.gql<{ offerCompensation: { id: string; status: string } }>(
      OFFER,
      { caseId: waiting.id, input: { kind: 'POINTS', points: 800 } },
      ['FRONT_OFFICE'],
    );
    expect(offered.data?.offerCompensation.status).toBe('PENDING_APPROVAL');
    await h.gql(OFFER, { caseId: within.id, input: { kind: 'POINTS', points: 100 } }, ['FRONT_OFFICE']);
    expect(await idsOf(true)).toContain(waiting.id);
    expect(await idsOf(true)).not.toContain(within.id);
    expect(await idsOf(false)).toContain(within.id);

    await h.gql(APPROVE, { id: offered.data!.offerCompensation.id }, ['MANAGER']);
    expect(await idsOf(true)).not.toContain(waiting.id);
    expect(await idsOf(false)).toContain(waiting.id);
  });

  it('sends case.resolved without a rejected compensation', async () => {
    const c = await h.openCase({ guestId: h.guest() });
    await h.gql(OFFER, { caseId: c.id, input: { kind: 'POINTS', points: 300 } }, ['FRONT_OFFICE']);
    await mutate(RESOLVE_CASE, { id: c.id, input: { resolution: 'Sorry', compensationPoints: 9000 } }, [
      'GUEST_RELATIONS',
    ]);
    const pending = (await view(c.id)).compensations.find((x) => x.status === 'PENDING_APPROVAL')!;
    expect(
      (await h.gql<{ rejectCompensation: { status: string } }>(REJECT, { id: pending.id })).data?.rejectCompensation
        .status,
    ).toBe('REJECTED');
    const resolved = (await h.events('case.resolved')).filter((e) => e.caseId === c.id);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]?.compensationPoints).toBe(300);
    expect(typeof resolved[0]?.resolutionId).toBe('string');
  });

  it('books only the new compensation when a reopened case is resolved again', async () => {
    const c = await h.openCase({ guestId: h.guest() });
    await mutate(RESOLVE_CASE, { id: c.id, input: { resolution: 'First try', compensationPoints: 100 } });
    await mutate(REOPEN, { id: c.id });
    await mutate(RESOLVE_CASE, { id: c.id, input: { resolution: 'Second try', compensationPoints: 400 } });
    const resolved = (await h.events('case.resolved')).filter((e) => e.caseId === c.id);
    expect(resolved.map((e) => e.compensationPoints)).toEqual([100, 400]);
    expect(new Set(resolved.map((e) => e.resolutionId)).size).toBe(2);
  });
});

describe('repeat complaints and the arrival brief', () => {
  const BRIEF = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Guest {
    previousComplaint cases { edges { node { id status } } } } } }`;

  it('raises the severity of a repeat of a resolved complaint within the window', async () => {
    clock.set('2026-06-01T08:00:00.000Z');
    const guestId = h.guest();
    const first = await h.openCase({ guestId, category: 'NOISE', severity: 'MEDIUM' });
    const told = await h.openCase({ guestId, category: 'NOISE', severity: 'MEDIUM' });
    expect(told.severity).toBe('MEDIUM');
    await mutate(RESOLVE_CASE, { id: first.id, input: { resolution: 'Moved' } });
    clock.advanceDays(30);
    const again = await h.openCase({ guestId, category: 'NOISE', severity: 'MEDIUM' });
    expect(again.severity).toBe('HIGH');
    expect(again.dueAt).toBe('2026-07-01T12:00:00.000Z');
    const v = await view(again.id);
    expect(v).toMatchObject({ reportedSeverity: 'MEDIUM', repeatOf: { id: first.id } });
    const other = await h.openCase({ guestId, category: 'BILLING', severity: 'MEDIUM' });
    expect(other.severity).toBe('MEDIUM');
    clock.advanceDays(100);
    const late = await h.openCase({ guestId, category: 'NOISE', severity: 'LOW' });
    expect(late.severity).toBe('LOW');
  });

  it('flags a previous complaint within 12 months and lists the history newest first', async () => {
    clock.set('2026-01-10T08:00:00.000Z');
    const recent = h.guest();
    const old = h.guest();
    const never = h.guest();
    const c1 = await h.openCase({ guestId: recent });
    clock.set('2025-01-01T08:00:00.000Z');
    await h.openCase({ guestId: old });
    clock.set('2026-02-01T08:00:00.000Z');
    const c2 = await h.openCase({ guestId: recent, category: 'BILLING' });
    const res = await h.gql<{
      _entities: { previousComplaint: boolean; cases: { edges: { node: { id: string } }[] } }[];
    }>(BRIEF, { reps: [recent, old, never].map((id) => ({ __typename: 'Guest', id })) }, ['FRONT_OFFICE']);
    expect(res.data?._entities.map((g) => g.previousComplaint)).toEqual([true, false, false]);
    expect(res.data?._entities[0]?.cases.edges.map((e) => e.node.id)).toEqual([c2.id, c1.id]);
    expect(res.data?._entities[1]?.cases.edges).toHaveLength(1);
    expect(res.data?._entities[2]?.cases.edges).toEqual([]);
  });
});
