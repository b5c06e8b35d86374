import { randomUUID } from 'node:crypto';
import { openServiceDatabase } from '@guest-graph/db';
import { guests, outboxMigration, serviceRecovery } from '@guest-graph/events';
import { createTestDatabase, sql, waitFor } from '@guest-graph/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loyaltyService } from './index.js';
import { checkedOut, LoyaltyHarness } from './testing/harness.js';

// Goodwill after a complaint (seed 004): a resolved case's points land once on the membership, and can be
// taken back with a reason.
let h: LoyaltyHarness;
beforeAll(async () => {
  h = await LoyaltyHarness.start();
});
// The ledger's invariant after every scenario: each membership's balance is the sum of its entries.
afterEach(async () => {
  await h.expectLedgerBalances();
});
afterAll(async () => {
  await h?.dispose();
});

/** A case.resolved payload; without `resolutionId` it is an event from before resolutions had ids. */
const resolved = (guestId: string, compensationPoints: number, caseId = randomUUID(), resolutionId?: string) => ({
  caseId,
  guestId,
  stayId: null,
  category: 'ROOM_CLEANLINESS',
  compensationPoints,
  ...(resolutionId ? { resolutionId } : {}),
  resolvedAt: new Date().toISOString(),
});
const keysOf = async (db: string, caseId: string, type: string) =>
  (
    await sql<{ idempotency_key: string; points: string }>(
      db,
      `SELECT idempotency_key, points FROM loyalty.ledger_entry WHERE reference = $1 AND type = $2 ORDER BY seq`,
      [caseId, type],
    )
  ).map((r) => [r.idempotency_key, Number(r.points)]);
const REVERSE = `mutation($caseId: ID!, $reason: String!) { reverseCompensation(caseId: $caseId, reason: $reason) {
  transaction { type points reference reason } membership { pointsBalance } } }`;

/** A later stay, once applied, proves every event published before it for this guest has been handled. */
async function settle(guestId: string) {
  const marker = checkedOut(guestId, { room: '1.00', nights: 1 });
  await h.publish(guests.stayCheckedOut, marker);
  return h.waitForMembership(guestId, (m) => m.transactions.some((t) => t.reference === marker.stayId));
}

describe('compensation on case.resolved', () => {
  it('books one COMPENSATION entry referencing the case, once however often it is delivered', async () => {
    const { guestId } = await h.member();
    const c = resolved(guestId, 300);
    const id = await h.publish(serviceRecovery.caseResolved, c);
    await h.publish(serviceRecovery.caseResolved, c, { id });
    await h.publish(serviceRecovery.caseResolved, c); // re-published under a new event id
    const m = await h.waitForMembership(guestId, (x) => x.pointsBalance >= 300);
    expect(m.transactions.map((t) => [t.type, t.points, t.reference])).toEqual([['COMPENSATION', 300, c.caseId]]);
    await h.drained();
    const after = await settle(guestId);
    expect(after.transactions.filter((t) => t.type === 'COMPENSATION')).toHaveLength(1);
    expect(after.pointsBalance).toBe(301);
  });

  it('books nothing for a case resolved without points', async () => {
    const { guestId } = await h.member();
    await h.publish(serviceRecovery.caseResolved, resolved(guestId, 0));
    await h.drained();
    const m = await settle(guestId);
    expect(m.transactions.map((t) => t.type)).toEqual(['EARN']);
  });

  it('holds the points of a guest who is not a member yet and books them at enrolment', async () => {
    const guestId = h.guest();
    const c = resolved(guestId, 200);
    await h.publish(serviceRecovery.caseResolved, c);
    await waitFor(
      () => sql(h.db.url, `SELECT 1 FROM loyalty.held_compensation WHERE case_id = $1`, [c.caseId]),
      (rows) => rows.length === 1,
    );
    const { enrollMember } = await h.data<{ enrollMember: { pointsBalance: number } }>(
      'mutation($g: ID!) { enrollMember(guestId: $g) { pointsBalance } }',
      { g: guestId },
    );
    expect(enrollMember.pointsBalance).toBe(200);
    const m = (await h.membership(guestId))!;
    expect(m.transactions.map((t) => [t.type, t.points, t.reference])).toEqual([['COMPENSATION', 200, c.caseId]]);
  });
});

describe('compensation per resolution (a reopened case resolved again)', () => {
  it('books the same resolution once however often it is delivered', async () => {
    const { guestId } = await h.member();
    const c = resolved(guestId, 300, randomUUID(), randomUUID());
    const id = await h.publish(serviceRecovery.caseResolved, c);
    await h.publish(serviceRecovery.caseResolved, c, { id });
    await h.publish(serviceRecovery.caseResolved, c); // re-published under a new event id
    await h.waitForMembership(guestId, (x) => x.pointsBalance >= 300);
    await h.drained();
    const after = await settle(guestId);
    expect(after.transactions.filter((t) => t.type === 'COMPENSATION').map((t) => [t.points, t.reference])).toEqual([
      [300, c.caseId],
    ]);
    expect(after.pointsBalance).toBe(301);
    expect(await keysOf(h.db.url, c.caseId, 'COMPENSATION')).toEqual([
      [`case:${c.caseId}:COMPENSATION:${c.resolutionId}`, 300],
    ]);
  });

  it('books each resolution of the same case as its own entry, each once', async () => {
    const { guestId } = await h.member();
    const caseId = randomUUID();
    const first = resolved(guestId, 300, caseId, randomUUID());
    const second = resolved(guestId, 120, caseId, randomUUID());
    await h.publish(serviceRecovery.caseResolved, first);
    await h.waitForMembership(guestId, (x) => x.pointsBalance === 300);
    await h.publish(serviceRecovery.caseResolved, second);
    await h.waitForMembership(guestId, (x) => x.pointsBalance === 420);
    // Both again, as a replay would send them.
    await h.publish(serviceRecovery.caseResolved, first);
    await h.publish(serviceRecovery.caseResolved, second);
    await h.drained();
    const m = await settle(guestId);
    expect(m.transactions.filter((t) => t.type === 'COMPENSATION').map((t) => [t.points, t.reference])).toEqual([
      [120, caseId],
      [300, caseId],
    ]);
    expect(m.pointsBalance).toBe(421);
    expect(await keysOf(h.db.url, caseId, 'COMPENSATION')).toEqual([
      [`case:${caseId}:COMPENSATION:${first.resolutionId}`, 300],
      [`case:${caseId}:COMPENSATION:${second.resolutionId}`, 120],
    ]);
  });

  it('holds each resolution of a guest who is not a member yet and books them all at enrolment', async () => {
    const guestId = h.guest();
    const caseId = randomUUID();
    const first = resolved(guestId, 200, caseId, randomUUID());
    const second = resolved(guestId, 150, caseId, randomUUID());
    await h.publish(serviceRecovery.caseResolved, first);
    await h.publish(serviceRecovery.caseResolved, second);
    await h.publish(serviceRecovery.caseResolved, first); // the first again, under a new event id
    const held = () =>
      sql<{ idempotency_key: string; resolution_id: string; points: number }>(
        h.db.url,
        `SELECT idempotency_key, resolution_id, points FROM loyalty.held_compensation WHERE case_id = $1
          ORDER BY points DESC`,
        [caseId],
      );
    await waitFor(held, (rows) => rows.length === 2);
    await h.drained();
    expect(await held()).toEqual([
      {
        idempotency_key: `case:${caseId}:COMPENSATION:${first.resolutionId}`,
        resolution_id: first.resolutionId,
        points: 200,
      },
      {
        idempotency_key: `case:${caseId}:COMPENSATION:${second.resolutionId}`,
        resolution_id: second.resolutionId,
        points: 150,
      },
    ]);
    const { enrollMember } = await h.data<{ enrollMember: { pointsBalance: number } }>(
      'mutation($g: ID!) { enrollMember(guestId: $g) { pointsBalance } }',
      { g: guestId },
    );
    expect(enrollMember.pointsBalance).toBe(350);
    // Delivered again after enrolment: already booked from the held rows.
    await h.publish(serviceRecovery.caseResolved, second);
    await h.drained();
    const m = await settle(guestId);
    expect(
      m.transactions
        .filter((t) => t.type === 'COMPENSATION')
        .map((t) => [t.points, t.reference])
        .sort(([a], [b]) => Number(a) - Number(b)),
    ).toEqual([
      [150, caseId],
      [200, caseId],
    ]);
    expect(m.pointsBalance).toBe(351);
    const booked = await sql<{ c: number }>(
      h.db.url,
      `SELECT count(*)::int AS c FROM loyalty.held_compensation WHERE case_id = $1 AND booked_at IS NOT NULL`,
      [caseId],
    );
    expect(booked[0]!.c).toBe(2);
  });
});

describe('reverseCompensation', () => {
  it('takes the points back as a REVERSAL referencing the case, once, with a reason', async () => {
    const { guestId } = await h.member();
    const c = resolved(guestId, 500);
    await h.publish(serviceRecovery.caseResolved, c);
    await h.waitForMembership(guestId, (m) => m.pointsBalance === 500);
    const { reverseCompensation } = await h.data<{ reverseCompensation: unknown }>(
      REVERSE,
      { caseId: c.caseId, reason: 'Complaint found to be unfounded' },
      ['LOYALTY'],
    );
    expect(reverseCompensation).toEqual({
      transaction: { type: 'REVERSAL', points: -500, reference: c.caseId, reason: 'Complaint found to be unfounded' },
      membership: { pointsBalance: 0 },
    });
    const again = await h.query(REVERSE, { caseId: c.caseId, reason: 'Twice' });
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    // The same case delivered again later does not re-grant what was reversed.
    await h.publish(serviceRecovery.caseResolved, c);
    await h.drained();
    const m = await settle(guestId);
    expect(m.pointsBalance).toBe(1);
  });

  it('refuses without a reason, for an unknown case, and for roles other than LOYALTY and MANAGER', async () => {
    const { guestId } = await h.member();
    const c = resolved(guestId, 100);
    await h.publish(serviceRecovery.caseResolved, c);
    await h.waitForMembership(guestId, (m) => m.pointsBalance === 100);
    expect((await h.query(REVERSE, { caseId: c.caseId, reason: '  ' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    expect((await h.query(REVERSE, { caseId: randomUUID(), reason: 'x' })).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    for (const role of ['FRONT_OFFICE', 'GUEST_RELATIONS'] as const) {
      const res = await h.query(REVERSE, { caseId: c.caseId, reason: 'x' }, [role]);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await h.membership(guestId))!.pointsBalance).toBe(100);
  });

  it('refuses with INSUFFICIENT_POINTS when the points were already spent', async () => {
    const { guestId } = await h.member();
    const c = resolved(guestId, 100);
    await h.publish(serviceRecovery.caseResolved, c);
    await h.waitForMembership(guestId, (m) => m.pointsBalance === 100);
    await h.data('mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { transaction { id } } }', {
      i: { guestId, points: -60, reason: 'Points moved to a family member' },
    });
    const res = await h.query(REVERSE, { caseId: c.caseId, reason: 'Unfounded' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INSUFFICIENT_POINTS', balance: 40, required: 100 });
    expect((await h.membership(guestId))!.pointsBalance).toBe(40);
  });

  it('reverses every compensation of a reopened case, each by its own REVERSAL, then only what came since', async () => {
    const { guestId } = await h.member();
    const caseId = randomUUID();
    // The first resolution from before resolutions had ids, the second with one: both keys coexist.
    const first = resolved(guestId, 300, caseId);
    const second = resolved(guestId, 200, caseId, randomUUID());
    await h.publish(serviceRecovery.caseResolved, first);
    await h.waitForMembership(guestId, (m) => m.pointsBalance === 300);
    await h.publish(serviceRecovery.caseResolved, second);
    await h.waitForMembership(guestId, (m) => m.pointsBalance === 500);
    const { reverseCompensation } = await h.data<{ reverseCompensation: unknown }>(
      REVERSE,
      { caseId, reason: 'Complaint found to be unfounded' },
      ['LOYALTY'],
    );
    expect(reverseCompensation).toEqual({
      transaction: { type: 'REVERSAL', points: -200, reference: caseId, reason: 'Complaint found to be unfounded' },
      membership: { pointsBalance: 0 },
    });
    const pairs = () =>
      sql<{ compensation: string; reversal: string; points: string }>(
        h.db.url,
        `SELECT c.idempotency_key AS compensation, r.idempotency_key AS reversal, r.points
           FROM loyalty.ledger_entry r JOIN loyalty.ledger_entry c ON c.id = r.reverses_entry_id
          WHERE r.reference = $1 AND r.type = 'REVERSAL' ORDER BY r.seq`,
        [caseId],
      );
    const k = `case:${caseId}:COMPENSATION`;
    expect(await pairs()).toEqual([
      { compensation: k, reversal: `${k}:REVERSAL`, points: '-300' },
      { compensation: `${k}:${second.resolutionId}`, reversal: `${k}:${second.resolutionId}:REVERSAL`, points: '-200' },
    ]);
    expect((await h.query(REVERSE, { caseId, reason: 'Twice' })).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');

    // Reopened and resolved a third time: only the new compensation is left to reverse.
    const third = resolved(guestId, 150, caseId, randomUUID());
    await h.publish(serviceRecovery.caseResolved, third);
    await h.waitForMembership(guestId, (m) => m.pointsBalance === 150);
    const again = await h.data<{ reverseCompensation: { transaction: { points: number } } }>(REVERSE, {
      caseId,
      reason: 'Also unfounded',
    });
    expect(again.reverseCompensation.transaction.points).toBe(-150);
    expect((await pairs()).map((p) => p.reversal)).toEqual([
      `${k}:REVERSAL`,
      `${k}:${second.resolutionId}:REVERSAL`,
      `${k}:${third.resolutionId}:REVERSAL`,
    ]);
    // Redelivering the resolutions does not re-grant what was reversed.
    for (const c of [first, second, third]) await h.publish(serviceRecovery.caseResolved, c);
    await h.drained();
    expect((await settle(guestId)).pointsBalance).toBe(1);
  });

  it("reverses nothing when the balance cannot cover all of a case's compensations", async () => {
    const { guestId } = await h.member();
    const caseId = randomUUID();
    await h.publish(serviceRecovery.caseResolved, resolved(guestId, 100, caseId, randomUUID()));
    await h.publish(serviceRecovery.caseResolved, resolved(guestId, 100, caseId, randomUUID()));
    await h.waitForMembership(guestId, (m) => m.pointsBalance === 200);
    await h.data('mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { transaction { id } } }', {
      i: { guestId, points: -50, reason: 'Points moved to a family member' },
    });
    const res = await h.query(REVERSE, { caseId, reason: 'Unfounded' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INSUFFICIENT_POINTS', balance: 150, required: 200 });
    const m = (await h.membership(guestId))!;
    expect(m.pointsBalance).toBe(150);
    expect(m.transactions.filter((t) => t.type === 'REVERSAL')).toEqual([]);
  });
});

describe('upgrading held compensation to one row per resolution', () => {
  it('keeps rows held per case under the key their entry always had, so older events still dedupe', async () => {
    // The schema as the previous release left it, with compensation held under the case.
    const db = await createTestDatabase('loyalty');
    const old = await openServiceDatabase({
      schema: 'loyalty',
      url: db.url,
      entities: [],
      migrations: [outboxMigration('loyalty'), ...loyaltyService.migrations.slice(0, 3)],
    });
    await old.close();
    const guestId = randomUUID();
    const caseId = randomUUID();
    await sql(
      db.url,
      `INSERT INTO loyalty.held_compensation (case_id, guest_id, points, category, event_id, resolved_at)
       VALUES ($1, $2, 80, 'NOISE', $3, now())`,
      [caseId, guestId, randomUUID()],
    );
    const up = await LoyaltyHarness.start({ db });
    try {
      up.knownGuests.set(guestId, { mergedInto: null });
      // The old event again (no resolution id), then the case reopened and resolved with one.
      await up.publish(serviceRecovery.caseResolved, resolved(guestId, 80, caseId));
      const reopened = resolved(guestId, 40, caseId, randomUUID());
      await up.publish(serviceRecovery.caseResolved, reopened);
      await waitFor(
        () => sql(db.url, `SELECT 1 FROM loyalty.held_compensation WHERE case_id = $1`, [caseId]),
        (rows) => rows.length === 2,
      );
      await up.drained();
      const { enrollMember } = await up.data<{ enrollMember: { pointsBalance: number } }>(
        'mutation($g: ID!) { enrollMember(guestId: $g) { pointsBalance } }',
        { g: guestId },
      );
      expect(enrollMember.pointsBalance).toBe(120);
      expect(await keysOf(db.url, caseId, 'COMPENSATION')).toEqual([
        [`case:${caseId}:COMPENSATION`, 80],
        [`case:${caseId}:COMPENSATION:${reopened.resolutionId}`, 40],
      ]);
      expect(await up.expectLedgerBalances()).toBe(1);
    } finally {
      await up.dispose();
    }
  });
});
