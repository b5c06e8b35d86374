import { randomUUID } from 'node:crypto';
import { guests, serviceRecovery } from '@guest-graph/events';
import { sql, waitFor } from '@guest-graph/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

const resolved = (guestId: string, compensationPoints: number, caseId = randomUUID()) => ({
  caseId,
  guestId,
  stayId: null,
  category: 'ROOM_CLEANLINESS',
  compensationPoints,
  resolvedAt: new Date().toISOString(),
});
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
});
