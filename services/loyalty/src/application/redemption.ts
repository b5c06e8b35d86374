import { randomUUID } from 'node:crypto';
import { badInput, DomainError, invalidState, notFound, type RequestContext } from '@guest-graph/subgraph-kit';
import { entryIdByKey, lockMembershipOfGuest } from '../persistence/ledger.repository.js';
import type { Redemption } from '../persistence/programme.entity.js';
import {
  activeRewards,
  insertRedemption,
  markRedemptionCancelled,
  redemptionById,
  redemptionByRequestId,
  rewardByCode,
} from '../persistence/programme.repository.js';
import { lockCurrent } from './compensation.js';
import { type Loyalty, requireId, requireReason } from './loyalty.js';
import { bookNoted } from './timeline.js';

export interface RedeemInput {
  guestId: string;
  rewardCode: string;
  quantity?: number | null;
  /** The desk's id for this request: retrying it returns the same redemption instead of spending twice. */
  requestId?: string | null;
}

export const redemptionKey = (requestId: string) => `redemption:${requestId}`;

/** Spends points on a reward; refused with INSUFFICIENT_POINTS when the balance does not cover it. */
export async function redeem(l: Loyalty, ctx: RequestContext, input: RedeemInput): Promise<Redemption> {
  requireId('input.guestId', input.guestId, 'guest id');
  const quantity = input.quantity ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 100)
    throw badInput('input.quantity', 'quantity must be between 1 and 100');
  const requestId = input.requestId?.trim() || randomUUID();
  if (requestId.length > 150) throw badInput('input.requestId', 'requestId is too long');

  return l.bus.transact(async (tx) => {
    const m = await lockMembershipOfGuest(tx, input.guestId);
    if (!m) throw notFound('Membership of guest', input.guestId);
    // Checked under the member's lock, so a retry racing the original sees it.
    const previous = await redemptionByRequestId(tx, requestId);
    if (previous) return previous;
    const reward = await rewardByCode(tx, input.rewardCode);
    if (!reward) throw notFound('Reward', input.rewardCode);
    if (!reward.active) throw invalidState(`Reward ${reward.code} is no longer offered`);
    const cost = reward.pointsPrice * quantity;
    if (m.pointsBalance < cost)
      throw new DomainError(
        'INSUFFICIENT_POINTS',
        `${quantity} x ${reward.name} needs ${cost} points; the balance is ${m.pointsBalance}`,
        { balance: m.pointsBalance, required: cost },
      );
    const now = l.clock.now();
    const redemption: Redemption = {
      id: randomUUID(),
      requestId,
      membershipId: m.id,
      rewardCode: reward.code,
      quantity,
      points: cost,
      status: 'CONFIRMED',
      createdAt: now,
      createdBy: `staff:${ctx.identity.sub}`,
      cancelledAt: null,
      cancelledBy: null,
      cancelReason: null,
    };
    await insertRedemption(tx, redemption);
    await bookNoted(l, tx, [
      {
        membership: m,
        entries: [
          {
            type: 'REDEEM',
            points: -cost,
            reference: redemption.id,
            reason: `${quantity} x ${reward.name}`,
            causedBy: `staff:${ctx.identity.sub}`,
            idempotencyKey: redemptionKey(requestId),
            occurredAt: now,
          },
        ],
      },
    ]);
    return redemption;
  });
}

/** Cancels a redemption: its points come back as a REVERSAL referencing it. Cancelling twice is refused. */
export async function cancelRedemption(l: Loyalty, ctx: RequestContext, id: string, reason: string) {
  requireId('id', id, 'redemption id');
  const why = requireReason('reason', reason, 'to cancel a redemption');
  return l.bus.transact(async (tx) => {
    const found = await redemptionById(tx, id);
    if (!found) throw notFound('Redemption', id);
    // Member first, then redemption: the same lock order as redeem, so the two never deadlock.
    const m = await lockCurrent(tx, found.membershipId);
    if (!m) throw invalidState('The membership of this redemption is no longer active');
    const r = (await redemptionById(tx, id, { lock: true }))!;
    if (r.status !== 'CONFIRMED') throw invalidState(`Redemption ${id} is already ${r.status.toLowerCase()}`);
    const now = l.clock.now();
    await markRedemptionCancelled(tx, id, now, `staff:${ctx.identity.sub}`, why);
    const original = await entryIdByKey(tx, redemptionKey(r.requestId));
    await bookNoted(l, tx, [
      {
        membership: m,
        entries: [
          {
            type: 'REVERSAL',
            points: r.points,
            reference: r.id,
            reason: `Redemption cancelled: ${why}`,
            causedBy: `staff:${ctx.identity.sub}`,
            idempotencyKey: `${redemptionKey(r.requestId)}:REVERSAL`,
            reversesEntryId: original,
            occurredAt: now,
          },
        ],
      },
    ]);
    return { ...r, status: 'CANCELLED' as const, cancelledAt: now, cancelReason: why };
  });
}

/** The rewards on offer now. */
export const listRewards = (l: Loyalty) => activeRewards(l.dataSource);
