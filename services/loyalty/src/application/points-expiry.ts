import { expiryCutoff } from '../domain/expiry.js';
import { book, lockMembership } from '../persistence/ledger.repository.js';
import { idsDueForExpiry } from '../persistence/membership.repository.js';
import type { Loyalty } from './loyalty.js';

/**
 * The expiry job: a member with no activity for `expiryMonths` loses the whole balance as one EXPIRE entry.
 * Safe to run twice: the entry's key is the membership and its last activity, and after it the balance is 0.
 */
export async function expirePoints(l: Loyalty, asOf: Date): Promise<{ expired: number }> {
  const cutoff = expiryCutoff(asOf, l.expiryMonths);
  const due = await idsDueForExpiry(l.dataSource, cutoff);
  let expired = 0;
  for (const id of due) {
    await l.bus.transact(async (tx) => {
      const m = await lockMembership(tx, id);
      if (m?.status !== 'ACTIVE' || m.pointsBalance <= 0 || m.lastActivityAt > cutoff) return;
      const booked = await book(
        tx,
        m,
        [
          {
            type: 'EXPIRE',
            points: -m.pointsBalance,
            reference: null,
            reason: `No activity since ${l.clock.dateOf(m.lastActivityAt)} (${l.expiryMonths} months)`,
            causedBy: 'job:points-expiry',
            idempotencyKey: `expiry:${m.id}:${m.lastActivityAt.toISOString()}`,
            occurredAt: asOf,
          },
        ],
        { activity: false },
      );
      if (booked.length) expired++;
    });
  }
  return { expired };
}
