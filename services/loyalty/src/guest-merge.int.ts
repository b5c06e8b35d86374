import { randomUUID } from 'node:crypto';
import { guests } from '@guest-graph/events';
import { sql } from '@guest-graph/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkedOut, LoyaltyHarness } from './testing/harness.js';

// Two guest records for one person: memberships follow guest.merged and go back on guest.unmerged.
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

const ADJUST = 'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { membership { pointsBalance } } }';
const now = () => new Date().toISOString();
const merged = (survivorId: string, duplicateId: string, mergeId = randomUUID()) => ({
  mergeId,
  survivorId,
  duplicateId,
  mergedAt: now(),
});

describe('guest.merged and guest.unmerged', () => {
  it('folds the duplicate membership into the survivor’s, keeps its entries, and undoes it', async () => {
    const survivor = await h.member();
    const duplicate = await h.member();
    await h.data(ADJUST, { i: { guestId: survivor.guestId, points: 1000, reason: 'Opening balance' } });
    const dupStay = checkedOut(duplicate.guestId, { room: '500.00', nights: 8 });
    await h.publish(guests.stayCheckedOut, dupStay);
    await h.waitForMembership(duplicate.guestId, (m) => m.pointsBalance === 500);
    await h.publish(
      guests.stayCheckedOut,
      checkedOut(survivor.guestId, { room: '100.00', nights: 3, arrivalDate: '2026-05-01' }),
    );
    await h.waitForMembership(survivor.guestId, (m) => m.pointsBalance === 1100);

    const m = merged(survivor.guestId, duplicate.guestId);
    const eventId = await h.publish(guests.guestMerged, m);
    await h.publish(guests.guestMerged, m, { id: eventId });
    // 1100 + 500 points; 3 + 8 nights make SILVER.
    const folded = await h.waitForMembership(survivor.guestId, (x) => x.pointsBalance === 1600);
    expect(folded.tier).toBe('SILVER');
    expect(folded.nightsThisYear).toBe(11);
    expect(folded.transactions[0]).toMatchObject({ type: 'ADJUST', points: 500, reference: m.mergeId });
    expect(await h.membership(duplicate.guestId)).toBeNull();
    // The duplicate's card still finds the membership its points went to.
    const { memberByNumber } = await h.data<{ memberByNumber: { number: string } }>(
      'query($n: String!) { memberByNumber(number: $n) { number } }',
      { n: duplicate.number },
    );
    expect(memberByNumber.number).toBe(survivor.number);
    // Its own history is kept, with the transfer out.
    const history = await sql<{ type: string; points: string }>(
      h.db.url,
      `SELECT e.type, e.points FROM loyalty.ledger_entry e JOIN loyalty.membership m ON m.id = e.membership_id
        WHERE m.number = $1 ORDER BY e.seq`,
      [duplicate.number],
    );
    expect(history.map((e) => [e.type, Number(e.points)])).toEqual([
      ['EARN', 500],
      ['ADJUST', -500],
    ]);
    await h.drained();

    // A stay of the duplicate that arrives after the merge earns for the survivor.
    const late = checkedOut(duplicate.guestId, { room: '50.00', nights: 1 });
    await h.publish(guests.stayCheckedOut, late);
    await h.waitForMembership(survivor.guestId, (x) => x.transactions.some((t) => t.reference === late.stayId));

    await h.publish(guests.guestUnmerged, { ...m, unmergedAt: now() });
    const restored = await h.waitForMembership(duplicate.guestId, () => true);
    expect(restored).toMatchObject({ number: duplicate.number, pointsBalance: 500, nightsThisYear: 8, tier: 'MEMBER' });
    const survivorAfter = (await h.membership(survivor.guestId))!;
    expect(survivorAfter.pointsBalance).toBe(1100 + 5 + 50);
    expect(survivorAfter.tier).toBe('MEMBER');
    expect(survivorAfter.transactions[0]).toMatchObject({ type: 'ADJUST', points: -500, reference: m.mergeId });
  });

  it('moves the membership to the survivor when only the duplicate was a member, and back', async () => {
    const survivorId = h.guest();
    const duplicate = await h.member();
    await h.data(ADJUST, { i: { guestId: duplicate.guestId, points: 300, reason: 'Opening balance' } });
    const m = merged(survivorId, duplicate.guestId);
    await h.publish(guests.guestMerged, m);
    const moved = await h.waitForMembership(survivorId, () => true);
    expect(moved).toMatchObject({ number: duplicate.number, pointsBalance: 300 });
    expect(await h.membership(duplicate.guestId)).toBeNull();

    await h.publish(guests.guestUnmerged, { ...m, unmergedAt: now() });
    const back = await h.waitForMembership(duplicate.guestId, () => true);
    expect(back).toMatchObject({ number: duplicate.number, pointsBalance: 300 });
    expect(await h.membership(survivorId)).toBeNull();
  });

  it('gives back only what the survivor still holds when the folded points were spent', async () => {
    const survivor = await h.member();
    const duplicate = await h.member();
    await h.data(ADJUST, { i: { guestId: duplicate.guestId, points: 2000, reason: 'Opening balance' } });
    const m = merged(survivor.guestId, duplicate.guestId);
    await h.publish(guests.guestMerged, m);
    await h.waitForMembership(survivor.guestId, (x) => x.pointsBalance === 2000);
    await h.data('mutation($i: RedeemPointsInput!) { redeemPoints(input: $i) { id } }', {
      i: { guestId: survivor.guestId, rewardCode: 'GIFT_TEA_SET' },
    });
    await h.publish(guests.guestUnmerged, { ...m, unmergedAt: now() });
    const back = await h.waitForMembership(duplicate.guestId, () => true);
    expect(back.pointsBalance).toBe(500);
    expect(back.transactions[0]!.reason).toContain('1500 of the 2000 moved had been spent');
    expect((await h.membership(survivor.guestId))!.pointsBalance).toBe(0);
  });
});
