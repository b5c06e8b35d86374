import { randomUUID } from 'node:crypto';
import { guests } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkedOut,
  OPEN_CASE,
  RESOLVE_CASE,
  type RecoveryHarness,
  startRecovery,
} from './testing/recovery-harness.js';

// The contract's OpenCase and ResolveCase, and the openCases of the arrival brief, against real Postgres
// and NATS, with guests played by a second bus.
const OPENED = '2026-03-10T08:00:00.000Z';
let h: RecoveryHarness;
const clock = new ManualClock(OPENED);

beforeAll(async () => {
  h = await startRecovery(clock);
});
afterAll(async () => h?.dispose());

const caseRows = () => h.db<{ c: number }>('SELECT count(*)::int AS c FROM service_recovery.complaint_case');

describe('openCase', () => {
  it('opens an OPEN case with dueAt from the severity table and routes it by category', async () => {
    clock.set(OPENED);
    const expected = { CRITICAL: '09:00', HIGH: '12:00', MEDIUM: '2026-03-11T08:00', LOW: '2026-03-13T08:00' };
    for (const [severity, due] of Object.entries(expected)) {
      const c = await h.openCase({ guestId: h.guest(), severity, category: 'ROOM_CLEANLINESS' });
      expect(c.status).toBe('OPEN');
      expect(c.severity).toBe(severity);
      const dueAt = due.length === 5 ? `2026-03-10T${due}:00.000Z` : `${due}:00.000Z`;
      expect(c.dueAt).toBe(dueAt);
    }
    const res = await h.gql<{ case: { department: string; channel: string; openedBy: string } }>(
      'query($id: ID!) { case(id: $id) { department channel openedBy } }',
      { id: (await h.openCase({ guestId: h.guest(), category: 'BILLING' })).id },
    );
    expect(res.data?.case.department).toBe('FINANCE');
    expect(res.data?.case.channel).toBe('FRONT_DESK');
  });

  it('publishes case.opened through the outbox', async () => {
    const guestId = h.guest();
    const c = await h.openCase({ guestId, category: 'NOISE', severity: 'HIGH' });
    const opened = (await h.events('case.opened')).find((e) => e.caseId === c.id);
    expect(opened).toMatchObject({
      guestId,
      category: 'NOISE',
      severity: 'HIGH',
      department: 'FRONT_OFFICE',
      dueAt: c.dueAt,
    });
  });

  it('refuses an unknown guest with NOT_FOUND and stores nothing', async () => {
    const before = await caseRows();
    const res = await h.gql(OPEN_CASE, {
      input: {
        guestId: '00000000-0000-4000-8000-000000000000',
        channel: 'PHONE',
        category: 'NOISE',
        severity: 'LOW',
        description: 'Who is this?',
      },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await caseRows()).toEqual(before);
  });

  it('files the case of a merged duplicate on the surviving guest', async () => {
    const survivor = h.guest();
    const duplicate = h.guest(survivor);
    const c = await h.openCase({ guestId: duplicate });
    const res = await h.gql<{ case: { guest: { id: string } } }>('query($id: ID!) { case(id: $id) { guest { id } } }', {
      id: c.id,
    });
    expect(res.data?.case.guest.id).toBe(survivor);
  });

  it('refuses ANALYST with FORBIDDEN and lets any other role open a case', async () => {
    const guestId = h.guest();
    const input = { guestId, channel: 'EMAIL', category: 'AMENITIES', severity: 'LOW', description: 'No slippers' };
    const refused = await h.gql(OPEN_CASE, { input }, ['ANALYST']);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const role of ['HOUSEKEEPING', 'SALES', 'LOYALTY'] as const) {
      const ok = await h.gql<{ openCase: { status: string } }>(OPEN_CASE, { input }, [role]);
      expect(ok.data?.openCase.status).toBe('OPEN');
    }
  });

  it('answers bad input with BAD_USER_INPUT naming the field, and changes nothing', async () => {
    const before = await caseRows();
    const base = { guestId: h.guest(), channel: 'PHONE', category: 'NOISE', severity: 'LOW', description: 'Loud' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, description: '   ' }, 'input.description'],
      [{ ...base, guestId: 'guest-1' }, 'input.guestId'],
      [{ ...base, stayId: 'stay-1' }, 'input.stayId'],
      [{ ...base, severity: 'URGENT' }, 'input.severity'],
    ];
    for (const [input, field] of cases) {
      const res = await h.gql(OPEN_CASE, { input });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await caseRows()).toEqual(before);
  });
});

describe('resolveCase', () => {
  it('resolves for GUEST_RELATIONS and MANAGER only, and a second resolve is INVALID_STATE', async () => {
    const guestId = h.guest();
    const c = await h.openCase({ guestId });
    const input = { resolution: 'Moved to a quiet room', rootCause: 'Renovation next door' };
    const fo = await h.gql(RESOLVE_CASE, { id: c.id, input }, ['FRONT_OFFICE']);
    expect(fo.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const gr = await h.gql<{ resolveCase: { id: string; status: string } }>(RESOLVE_CASE, { id: c.id, input }, [
      'GUEST_RELATIONS',
    ]);
    expect(gr.data?.resolveCase).toEqual({ id: c.id, status: 'RESOLVED' });
    const again = await h.gql(RESOLVE_CASE, { id: c.id, input }, ['MANAGER']);
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('lets only one of two desks resolving at once win; the other gets INVALID_STATE', async () => {
    const c = await h.openCase({ guestId: h.guest() });
    const input = { resolution: 'Upgraded', compensationPoints: 100 };
    const results = await Promise.all([
      h.gql(RESOLVE_CASE, { id: c.id, input }, ['GUEST_RELATIONS']),
      h.gql(RESOLVE_CASE, { id: c.id, input }, ['MANAGER']),
    ]);
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['INVALID_STATE', 'OK']);
    expect((await h.events('case.resolved')).filter((e) => e.caseId === c.id)).toHaveLength(1);
  });

  it('refuses to resolve a closed case with INVALID_STATE', async () => {
    const c = await h.openCase({ guestId: h.guest() });
    await h.gql(RESOLVE_CASE, { id: c.id, input: { resolution: 'Fixed' } });
    await h.gql('mutation($id: ID!) { replyToGuest(id: $id, input: { channel: PHONE, text: "Fixed" }) { id } }', {
      id: c.id,
    });
    const closed = await h.gql<{ recordFollowUp: { status: string } }>(
      'mutation($id: ID!) { recordFollowUp(id: $id, input: { satisfied: true }) { status } }',
      { id: c.id },
    );
    expect(closed.data?.recordFollowUp.status).toBe('CLOSED');
    const res = await h.gql(RESOLVE_CASE, { id: c.id, input: { resolution: 'Again' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('publishes case.resolved with the compensation points for loyalty', async () => {
    const guestId = h.guest();
    const c = await h.openCase({ guestId });
    const res = await h.gql(RESOLVE_CASE, { id: c.id, input: { resolution: 'Apologised', compensationPoints: 800 } }, [
      'GUEST_RELATIONS',
    ]);
    expect(res.errors).toBeUndefined();
    const resolved = (await h.events('case.resolved')).filter((e) => e.caseId === c.id);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ guestId, compensationPoints: 800, billCredit: null, accountId: null });
  });

  it('refuses negative points with BAD_USER_INPUT on input.compensationPoints', async () => {
    const c = await h.openCase({ guestId: h.guest() });
    const res = await h.gql(RESOLVE_CASE, { id: c.id, input: { resolution: 'Sorry', compensationPoints: -5 } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.compensationPoints' });
    const [row] = await h.db<{ status: string }>('SELECT status FROM service_recovery.complaint_case WHERE id = $1', [
      c.id,
    ]);
    expect(row?.status).toBe('OPEN');
  });

  it('answers NOT_FOUND for a case that does not exist', async () => {
    const res = await h.gql(RESOLVE_CASE, { id: '00000000-0000-4000-8000-000000000001', input: { resolution: 'x' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("credits a direct-billed stay's bill to its account, from the stay guests announced", async () => {
    const guestId = h.guest();
    const accountId = '6d0c9f1e-3a1b-4c5d-9e8f-0a1b2c3d4e5f';
    const stay = checkedOut(guestId, { paymentMethod: 'DIRECT_BILL', accountId });
    await h.publish(guests.stayCheckedOut, stay);
    await waitFor(
      () => h.db('SELECT 1 FROM service_recovery.stay WHERE stay_id = $1', [stay.stayId]),
      (r) => r.length === 1,
    );
    const c = await h.openCase({ guestId, stayId: stay.stayId, category: 'BILLING' });
    const res = await h.gql(
      RESOLVE_CASE,
      {
        id: c.id,
        input: {
          resolution: 'Minibar charged twice',
          compensationPoints: 200,
          compensations: [{ kind: 'BILL_CREDIT', amount: '150.50' }],
        },
      },
      ['GUEST_RELATIONS'],
    );
    expect(res.errors).toBeUndefined();
    const [resolved] = (await h.events('case.resolved')).filter((e) => e.caseId === c.id);
    expect(resolved).toMatchObject({ compensationPoints: 200, billCredit: '150.50', accountId, stayId: stay.stayId });
  });

  it('books the bill credit of a case resolved before its stay reached us, once the stay arrives', async () => {
    const guestId = h.guest();
    const accountId = randomUUID();
    const stay = checkedOut(guestId, { paymentMethod: 'DIRECT_BILL', accountId });
    h.knowStay(stay.stayId, guestId);
    const c = await h.openCase({ guestId, stayId: stay.stayId, category: 'BILLING' });
    const res = await h.gql(
      RESOLVE_CASE,
      { id: c.id, input: { resolution: 'Overcharged', compensations: [{ kind: 'BILL_CREDIT', amount: '80.00' }] } },
      ['GUEST_RELATIONS'],
    );
    expect(res.errors).toBeUndefined();
    expect((await h.events('case.resolved')).filter((e) => e.caseId === c.id)).toHaveLength(0);
    const waiting = await h.db<{ status: string }>(
      'SELECT status FROM service_recovery.compensation WHERE case_id = $1',
      [c.id],
    );
    expect(waiting.map((w) => w.status)).toEqual(['APPROVED']);
    const { charges: _c, totalSpend: _t, checkedOutAt: _o, ...checkIn } = stay;
    await h.publish(guests.stayCheckedIn, { ...checkIn, roomNumber: '1809', checkedInAt: '2026-03-01T07:00:00.000Z' });
    const resolved = await waitFor(
      async () => (await h.events('case.resolved')).filter((e) => e.caseId === c.id),
      (r) => r.length === 1,
    );
    expect(resolved[0]).toMatchObject({ billCredit: '80.00', accountId, stayId: stay.stayId });
    const granted = await h.db<{ status: string }>(
      'SELECT status FROM service_recovery.compensation WHERE case_id = $1',
      [c.id],
    );
    expect(granted.map((g) => g.status)).toEqual(['GRANTED']);
    // The check-out of the same stay arriving later publishes nothing more.
    await h.publish(guests.stayCheckedOut, stay);
    await waitFor(
      () =>
        h.db<{ o: Date | null }>('SELECT checked_out_at AS o FROM service_recovery.stay WHERE stay_id = $1', [
          stay.stayId,
        ]),
      (r) => r[0]?.o != null,
    );
    expect((await h.events('case.resolved')).filter((e) => e.caseId === c.id)).toHaveLength(1);
  });

  it('refuses a stay the guest register does not know, naming input.stayId', async () => {
    const guestId = h.guest();
    const res = await h.gql(
      `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
      {
        input: {
          guestId,
          stayId: randomUUID(),
          channel: 'PHONE',
          category: 'NOISE',
          severity: 'LOW',
          description: 'Loud',
        },
      },
      ['GUEST_RELATIONS'],
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.stayId' });
    expect(await h.db('SELECT 1 FROM service_recovery.complaint_case WHERE guest_id = $1', [guestId])).toHaveLength(0);
  });

  it("refuses a stay that is another guest's, naming input.stayId", async () => {
    const stay = checkedOut(h.guest());
    await h.publish(guests.stayCheckedOut, stay);
    await waitFor(
      () => h.db('SELECT 1 FROM service_recovery.stay WHERE stay_id = $1', [stay.stayId]),
      (r) => r.length === 1,
    );
    const res = await h.gql(OPEN_CASE, {
      input: {
        guestId: h.guest(),
        stayId: stay.stayId,
        channel: 'PHONE',
        category: 'NOISE',
        severity: 'LOW',
        description: 'x',
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.stayId' });
  });

  it('refuses a bill credit on a case without a stay, naming the compensation', async () => {
    const c = await h.openCase({ guestId: h.guest() });
    const res = await h.gql(RESOLVE_CASE, {
      id: c.id,
      input: {
        resolution: 'x',
        compensations: [
          { kind: 'GIFT', amount: '50.00' },
          { kind: 'BILL_CREDIT', amount: '10' },
        ],
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.compensations.1.kind' });
    const comps = await h.db('SELECT 1 FROM service_recovery.compensation WHERE case_id = $1', [c.id]);
    expect(comps).toHaveLength(0);
  });
});

describe('Guest.openCases', () => {
  it('lists OPEN and IN_PROGRESS cases only, through the entity reference the gateway sends', async () => {
    const guestId = h.guest();
    const open = await h.openCase({ guestId, severity: 'LOW' });
    const working = await h.openCase({ guestId, category: 'MAINTENANCE', severity: 'CRITICAL' });
    const done = await h.openCase({ guestId, category: 'BILLING' });
    await h.gql('mutation($id: ID!) { acknowledgeCase(id: $id) { status } }', { id: working.id });
    await h.gql(RESOLVE_CASE, { id: done.id, input: { resolution: 'Refunded' } });
    const res = await h.gql<{
      _entities: { openCases: { id: string; status: string; severity: string; category: string; dueAt: string }[] }[];
    }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
         ... on Guest { openCases { id status severity category dueAt } } } }`,
      { reps: [{ __typename: 'Guest', id: guestId }] },
      ['HOUSEKEEPING'],
    );
    const list = res.data?._entities[0]?.openCases ?? [];
    expect(list.map((c) => c.id)).toEqual([working.id, open.id]);
    expect(list[0]).toMatchObject({ status: 'IN_PROGRESS', severity: 'CRITICAL', category: 'MAINTENANCE' });
    expect(list[1]).toMatchObject({ status: 'OPEN', severity: 'LOW', category: 'NOISE', dueAt: open.dueAt });
  });
});

describe('when guests does not answer', () => {
  it('refuses openCase with SERVICE_UNAVAILABLE rather than attach a case to a guest it cannot check', async () => {
    const before = await caseRows();
    await h.stopGuests();
    const res = await h.gql(OPEN_CASE, {
      input: { guestId: h.guest(), channel: 'PHONE', category: 'NOISE', severity: 'LOW', description: 'Loud' },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(await caseRows()).toEqual(before);
  });
});
