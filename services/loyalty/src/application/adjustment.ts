import { randomUUID } from 'node:crypto';
import { badInput, DomainError, notFound, type RequestContext } from '@guest-graph/subgraph-kit';
import { entryIdByKey, ledgerEntryById, lockMembershipOfGuest } from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import { type Loyalty, requireId, requireReason } from './loyalty.js';
import { bookNoted } from './timeline.js';

export interface AdjustInput {
  guestId: string;
  points: number;
  reason: string;
  requestId?: string | null;
}

/** A manual correction by the loyalty desk or a manager; the reason is part of the ledger for ever. */
export async function adjustPoints(l: Loyalty, ctx: RequestContext, input: AdjustInput) {
  requireId('input.guestId', input.guestId, 'guest id');
  const reason = requireReason('input.reason', input.reason, 'for a manual adjustment');
  if (!Number.isSafeInteger(input.points) || input.points === 0 || Math.abs(input.points) > 1_000_000)
    throw badInput('input.points', 'points must be a non-zero whole number up to 1,000,000 either way');
  const requestId = input.requestId?.trim() || randomUUID();
  if (requestId.length > 150) throw badInput('input.requestId', 'requestId is too long');
  const key = `adjustment:${requestId}`;
  return l.bus.transact(async (tx) => {
    const m = await lockMembershipOfGuest(tx, input.guestId);
    if (!m) throw notFound('Membership of guest', input.guestId);
    const previous = await entryIdByKey(tx, key);
    if (previous) return { membership: m, entryId: previous };
    if (m.pointsBalance + input.points < 0)
      throw new DomainError('INSUFFICIENT_POINTS', `The balance is ${m.pointsBalance}; cannot take ${-input.points}`, {
        balance: m.pointsBalance,
        required: -input.points,
      });
    const [[entry]] = await bookNoted(l, tx, [
      {
        membership: m,
        entries: [
          {
            type: 'ADJUST',
            points: input.points,
            reference: null,
            reason,
            causedBy: `staff:${ctx.identity.sub}`,
            idempotencyKey: key,
            occurredAt: l.clock.now(),
          },
        ],
      },
    ]);
    return { membership: m, entryId: entry!.id };
  });
}

/** What a correction answers: the membership as it stands after it and the entry it booked. */
export async function correctionResult(
  l: Loyalty,
  { membership, entryId }: { membership: Membership; entryId: string },
) {
  return { membership, transaction: await ledgerEntryById(l.dataSource, entryId) };
}
