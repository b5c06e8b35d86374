import type { Envelope, EventData, guests } from '@guest-graph/events';
import type { EntityManager } from 'typeorm';
import { higher, type Tier, tierAfterNights } from '../domain/tiers.js';
import { book, lockMembership } from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import {
  activeIdOf,
  keepLatestActivity,
  markActiveAgain,
  markMerged,
  setGuestOf,
} from '../persistence/membership.repository.js';
import { markUnmerged, mergeRecord, recordMerge } from '../persistence/membership-merge.repository.js';
import type { MembershipMerge } from '../persistence/programme.entity.js';
import { moveStayCredits, returnStayCredits } from '../persistence/stay-credit.repository.js';
import { changeTier, type Loyalty, nightsIn } from './loyalty.js';

type Merged = EventData<typeof guests.guestMerged>;
type Unmerged = EventData<typeof guests.guestUnmerged>;

/** Locks several memberships in id order, so two merges touching the same members never deadlock. */
async function lockAll(tx: EntityManager, ids: string[]): Promise<Map<string, Membership>> {
  const locked = new Map<string, Membership>();
  for (const id of [...ids].sort()) {
    const m = await lockMembership(tx, id);
    if (m) locked.set(id, m);
  }
  return locked;
}

/**
 * Two guest records were the same person. If only the duplicate was a member, its membership moves to the
 * survivor. If both were, the duplicate's points move into the survivor's membership by a pair of ADJUST
 * entries (the duplicate's own entries stay on it, history intact), its stays count for the survivor's tier,
 * and it is marked MERGED. What was done is recorded so the unmerge can undo exactly that.
 */
export async function foldOnMerge(l: Loyalty, tx: EntityManager, event: Envelope<Merged>): Promise<void> {
  const { mergeId, survivorId, duplicateId } = event.data;
  const at = new Date(event.data.mergedAt);
  if (await mergeRecord(tx, mergeId)) return;
  const dupId = await activeIdOf(tx, duplicateId);
  if (!dupId) return;
  const survId = await activeIdOf(tx, survivorId);
  const locked = await lockAll(tx, survId ? [dupId, survId] : [dupId]);
  const dup = locked.get(dupId)!;
  const record: Omit<MembershipMerge, 'kind' | 'survivorMembershipId' | 'pointsMoved' | 'survivorTierBefore'> = {
    mergeId,
    survivorGuestId: survivorId,
    duplicateGuestId: duplicateId,
    duplicateMembershipId: dup.id,
    duplicateTierBefore: dup.tier,
    mergedAt: at,
    unmergedAt: null,
  };

  if (!survId) {
    await setGuestOf(tx, dup.id, survivorId);
    await recordMerge(tx, {
      ...record,
      kind: 'REPOINTED',
      survivorMembershipId: null,
      pointsMoved: 0,
      survivorTierBefore: null,
    });
    return;
  }

  const surv = locked.get(survId)!;
  const moved = dup.pointsBalance;
  const causedBy = `event:guest.merged:${event.id}`;
  const transfer = (points: number, key: string, reason: string) => ({
    type: 'ADJUST' as const,
    points,
    reference: mergeId,
    reason,
    causedBy,
    idempotencyKey: `merge:${mergeId}:${key}`,
    occurredAt: at,
  });
  // A transfer is not activity: the survivor's expiry follows the more recent of the two real histories.
  await book(tx, dup, [transfer(-moved, 'OUT', `Folded into member ${surv.number} (guest merge)`)], {
    activity: false,
  });
  await book(tx, surv, [transfer(moved, 'IN', `Folded from member ${dup.number} (guest merge)`)], {
    activity: false,
  });
  await keepLatestActivity(tx, surv.id, dup.lastActivityAt);
  await markMerged(tx, dup.id, surv.id);
  await moveStayCredits(tx, dup.id, surv.id);
  await recordMerge(tx, {
    ...record,
    kind: 'FOLDED',
    survivorMembershipId: surv.id,
    pointsMoved: moved,
    survivorTierBefore: surv.tier,
  });
  const nights = await nightsIn(tx, surv.id, surv.tierYear);
  const to = tierAfterNights(higher(surv.tier, dup.tier), nights);
  await changeTier(l, tx, surv, to, `Guest merge: folded member ${dup.number}`, at);
}

/**
 * Undoes a merge: a moved membership goes back to the duplicate; folded points go back (at most what the
 * survivor still holds, since points spent in between cannot be unspent), the duplicate's stays count for it
 * again, and both tiers are recomputed from what they were before and their own nights.
 */
export async function restoreOnUnmerge(l: Loyalty, tx: EntityManager, event: Envelope<Unmerged>): Promise<void> {
  const { mergeId } = event.data;
  const at = new Date(event.data.unmergedAt);
  const record = await mergeRecord(tx, mergeId, { lock: true });
  if (!record || record.unmergedAt) return;
  const markUndone = () => markUnmerged(tx, mergeId, at);

  if (record.kind === 'REPOINTED') {
    await setGuestOf(tx, record.duplicateMembershipId, record.duplicateGuestId);
    await markUndone();
    return;
  }

  const locked = await lockAll(tx, [record.survivorMembershipId!, record.duplicateMembershipId]);
  const surv = locked.get(record.survivorMembershipId!)!;
  const dup = locked.get(record.duplicateMembershipId)!;
  const back = Math.min(record.pointsMoved, surv.pointsBalance);
  const causedBy = `event:guest.unmerged:${event.id}`;
  const shortfall = record.pointsMoved - back;
  const note = shortfall ? ` (${shortfall} of the ${record.pointsMoved} moved had been spent)` : '';
  const transfer = (points: number, key: string, reason: string) => ({
    type: 'ADJUST' as const,
    points,
    reference: mergeId,
    reason,
    causedBy,
    idempotencyKey: `unmerge:${mergeId}:${key}`,
    occurredAt: at,
  });
  await book(tx, surv, [transfer(-back, 'OUT', `Returned to member ${dup.number} (guest unmerge)${note}`)], {
    activity: false,
  });
  await markActiveAgain(tx, dup.id);
  dup.status = 'ACTIVE';
  await book(tx, dup, [transfer(back, 'IN', `Returned from member ${surv.number} (guest unmerge)${note}`)], {
    activity: false,
  });
  await returnStayCredits(tx, surv.id, dup.id);
  await markUndone();
  for (const [m, before] of [
    [surv, record.survivorTierBefore],
    [dup, record.duplicateTierBefore],
  ] as const) {
    const nights = await nightsIn(tx, m.id, m.tierYear);
    await changeTier(l, tx, m, tierAfterNights(before as Tier, nights), 'Guest unmerge', at);
  }
}
