import { randomUUID } from 'node:crypto';
import { PG, pgCode } from '@guest-graph/db';
import { guests, loyalty } from '@guest-graph/events';
import { askOrUnavailable, invalidState, notFound, type RequestContext, yearOf } from '@guest-graph/subgraph-kit';
import { memberNumberFor } from '../domain/member-number.js';
import { lockMembership } from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import { bookHeldCompensation } from './compensation.js';
import { type Loyalty, requireId } from './loyalty.js';

const alreadyMember = (guestId: string, number: string) =>
  invalidState(`Guest ${guestId} is already a member (number ${number})`, { memberNumber: number });

async function activeNumberOf(l: Loyalty, guestId: string): Promise<string | null> {
  const [row] = await l.dataSource.query(
    `SELECT number FROM loyalty.membership WHERE guest_id = $1 AND status = 'ACTIVE'`,
    [guestId],
  );
  return row?.number ?? null;
}

/**
 * Enrols a guest: a new member number with its check digit, tier MEMBER, zero points (plus any compensation
 * held for them). The guest must exist in the guests service, asked over request/reply because a guest
 * registered a moment ago may not have reached any projection of ours.
 */
export async function enrol(l: Loyalty, ctx: RequestContext, guestId: string): Promise<Membership> {
  requireId('guestId', guestId, 'guest id');
  const existing = await activeNumberOf(l, guestId);
  if (existing) throw alreadyMember(guestId, existing);

  const reply = await askOrUnavailable(l.bus, guests.lookupGuests, { ids: [guestId] }, { about: 'the guest' });
  const found = reply.guests.find((g) => g.id === guestId);
  if (!found) throw notFound('Guest', guestId);
  if (found.mergedInto)
    throw invalidState(`Guest ${guestId} was merged into ${found.mergedInto}; enrol that guest instead`, {
      mergedInto: found.mergedInto,
    });

  const now = l.clock.now();
  try {
    return await l.bus.transact(async (tx) => {
      const [{ seq }] = await tx.query(`SELECT nextval('loyalty.member_number_seq') AS seq`);
      const id = randomUUID();
      const number = memberNumberFor(BigInt(seq));
      await tx.query(
        `INSERT INTO loyalty.membership
           (id, guest_id, enrolled_guest_id, number, tier, tier_year, status, points_balance, last_activity_at,
            enrolled_at, enrolled_by)
         VALUES ($1, $2, $2, $3, 'MEMBER', $4, 'ACTIVE', 0, $5, $5, $6)`,
        [id, guestId, number, yearOf(l.clock.dateOf(now)), now, `staff:${ctx.identity.sub}`],
      );
      const m = (await lockMembership(tx, id))!;
      await bookHeldCompensation(tx, m, now);
      await l.bus.emit(
        tx,
        loyalty.memberEnrolled,
        { membershipId: id, guestId, number, enrolledAt: now.toISOString() },
        { requestId: ctx.requestId },
      );
      return m;
    });
  } catch (e) {
    // Two desks enrolling the same guest at once: the unique index lets one through.
    if (pgCode(e) === PG.UNIQUE_VIOLATION) {
      const number = await activeNumberOf(l, guestId);
      if (number) throw alreadyMember(guestId, number);
    }
    throw e;
  }
}
