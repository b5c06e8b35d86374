import type { EventData, guests } from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { attributeStay } from '../domain/production.js';
import { knownAccounts, markTraded } from '../persistence/account.repository.js';
import { linksOfGuests } from '../persistence/guest-link.repository.js';
import { insertProduction } from '../persistence/stay-production.repository.js';

/**
 * Production: a checked-out stay counts once for the account it carried at check-in, or else for the account its
 * guest is linked to when we learn of the check-out (seconds after it, by the contract's 5-second rule). The inbox
 * makes redelivery harmless; the stay id as primary key makes a replay under a new event id harmless too.
 * One check-out or a backlog costs a few statements for all: the guests' links read together, every production
 * row written in one statement, and the accounts that traded (a prospect become a client, a dormant account
 * woken) made active together. Returns how many stays counted.
 */
export async function recordCheckOuts(
  rt: Pick<Runtime, 'logger' | 'clock'>,
  tx: EntityManager,
  stays: EventData<typeof guests.stayCheckedOut>[],
  recordedAt: Date,
): Promise<number> {
  const links = await linksOfGuests(tx, [...new Set(stays.filter((s) => !s.accountId).map((s) => s.guestId))]);
  const counted = stays.flatMap((stay) => {
    const attribution = attributeStay(stay, stay.accountId ? null : (links.get(stay.guestId) ?? null));
    return attribution ? [{ stay, ...attribution }] : [];
  });
  if (!counted.length) return 0;
  const inserted = await insertProduction(
    tx,
    counted.map((c) => ({
      stayId: c.stay.stayId,
      accountId: c.accountId,
      guestId: c.stay.guestId,
      attributedBy: c.by,
      checkedOutAt: c.stay.checkedOutAt,
      // Production falls on the hotel's date of the check-out: 07:00 in Beijing is still the UTC day before.
      productionDate: rt.clock.dateOf(c.stay.checkedOutAt),
      nights: c.stay.nights,
      revenue: c.stay.totalSpend,
    })),
    recordedAt,
  );
  await markTraded(tx, [...new Set(inserted.map((r) => r.account_id))], recordedAt);
  const done = new Set(inserted.map((r) => r.stay_id));
  const missed = [...new Set(counted.filter((c) => !done.has(c.stay.stayId)).map((c) => c.accountId))];
  if (missed.length) {
    // Already counted (a replay) is normal; an account we never opened is worth a look.
    const known = await knownAccounts(tx, missed);
    for (const c of counted)
      if (!done.has(c.stay.stayId) && !known.has(c.accountId))
        rt.logger.warn({ stayId: c.stay.stayId, accountId: c.accountId }, 'stay for an unknown account');
  }
  return inserted.length;
}
