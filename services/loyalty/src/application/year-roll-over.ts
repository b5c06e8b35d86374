import { yearOf } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { requalify } from '../domain/tiers.js';
import { lockMembership } from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import { idsDueForRollOver, setTierYear } from '../persistence/membership.repository.js';
import { changeTier, type Loyalty, nightsIn } from './loyalty.js';

/**
 * Brings a locked membership's tier up to `year`, one year at a time so that a member who stayed away for two
 * years drops two tiers, never more than one per year. Called by the roll-over job and, lazily, by the first
 * stay of a new year that arrives before the job has run.
 */
export async function requalifyFor(l: Loyalty, tx: EntityManager, m: Membership, year: number, at: Date) {
  while (m.tierYear < year) {
    const lastYear = m.tierYear;
    const nights = await nightsIn(tx, m.id, lastYear);
    const to = requalify(m.tier, nights);
    m.tierYear = lastYear + 1;
    await setTierYear(tx, m.id, m.tierYear);
    await changeTier(l, tx, m, to, `Requalified for ${m.tierYear}: ${nights} nights in ${lastYear}`, at);
  }
}

/**
 * The year roll-over job: requalifies every membership not yet in the year of `asOf`. Safe to run twice
 * (a membership already in the year is skipped) and for any date in tests.
 */
export async function rollOverYear(l: Loyalty, asOf: Date): Promise<{ requalified: number }> {
  const year = yearOf(l.clock.dateOf(asOf));
  const due = await idsDueForRollOver(l.dataSource, year);
  let requalified = 0;
  for (const id of due) {
    await l.bus.transact(async (tx) => {
      const m = await lockMembership(tx, id);
      if (m?.status !== 'ACTIVE' || m.tierYear >= year) return;
      await requalifyFor(l, tx, m, year, asOf);
      requalified++;
    });
  }
  return { requalified };
}
