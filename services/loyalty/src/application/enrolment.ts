import { randomUUID } from 'node:crypto';
import { PG, pgCode } from '@guest-graph/db';
import { guests, loyalty } from '@guest-graph/events';
import { askOrUnavailable, invalidState, notFound, type RequestContext, yearOf } from '@guest-graph/subgraph-kit';
import { memberNumberFor } from '../domain/member-number.js';
import { lockMembership } from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import { activeNumberOf, insertMembership, nextMemberSeq } from '../persistence/membership.repository.js';
import { bookHeldCompensation } from './compensation.js';
import { type Loyalty, requireId } from './loyalty.js';
import { enrolledEntry, note } from './timeline.js';

const alreadyMember = (guestId: string, number: string) =>
  invalidState(`Guest ${guestId} is already a member (number ${number})`, { memberNumber: number });

/**
 * Enrols a guest: a new member number with its check digit, tier MEMBER, zero points (plus any compensation
 * held for them). The guest must exist in the guests service, asked over request/reply because a guest
 * registered a moment ago may not have reached any projection of ours.
 */
export async function enrol(l: Loyalty, ctx: RequestContext, guestId: string): Promise<Membership> {
  requireId('guestId', guestId, 'guest id');
  const existing = await activeNumberOf(l.dataSource, guestId);
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
      const id = randomUUID();
      const number = memberNumberFor(await nextMemberSeq(tx));
      const tierYear = yearOf(l.clock.dateOf(now));
      await insertMembership(tx, { id, guestId, number, tierYear, at: now, by: `staff:${ctx.identity.sub}` });
      const m = (await lockMembership(tx, id))!;
      await bookHeldCompensation(tx, m, now);
      await l.bus.emit(
        tx,
        loyalty.memberEnrolled,
        { membershipId: id, guestId, number, enrolledAt: now.toISOString() },
        { requestId: ctx.requestId },
      );
      await note(l, tx, [enrolledEntry(id, guestId, now)]);
      return m;
    });
  } catch (e) {
    // Two desks enrolling the same guest at once: the unique index lets one through.
    if (pgCode(e) === PG.UNIQUE_VIOLATION) {
      const number = await activeNumberOf(l.dataSource, guestId);
      if (number) throw alreadyMember(guestId, number);
    }
    throw e;
  }
}
