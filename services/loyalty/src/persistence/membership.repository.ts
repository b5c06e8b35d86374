import { changed } from '@guest-graph/db';
import { type EntityManager, In } from 'typeorm';
import type { Tier } from '../domain/tiers.js';
import { Membership } from './membership.entity.js';

/** Anything that runs SQL: the data source for reads, a transaction's manager inside one. */
type Db = Pick<EntityManager, 'query' | 'getRepository'>;

/** The active memberships of these guests (one statement, served by the enrolled-guest index). */
export function activeMembershipsOfGuests(db: Db, guestIds: readonly string[]): Promise<Membership[]> {
  if (!guestIds.length) return Promise.resolve([]);
  return db.getRepository(Membership).find({ where: { guestId: In([...guestIds]), status: 'ACTIVE' } });
}

export function membershipsByNumber(db: Db, numbers: readonly string[]): Promise<Membership[]> {
  return db.getRepository(Membership).find({ where: { number: In([...numbers]) } });
}

export function membershipsById(db: Db, ids: readonly string[]): Promise<Membership[]> {
  return db.getRepository(Membership).find({ where: { id: In([...ids]) } });
}

export async function setTier(db: Db, membershipId: string, tier: Tier): Promise<void> {
  await changed(db as EntityManager, `UPDATE loyalty.membership SET tier = $2 WHERE id = $1`, [membershipId, tier]);
}

/** Nights of checked-out stays credited to a membership in a calendar year. */
export async function nightsIn(db: Db, membershipId: string, year: number): Promise<number> {
  const [row] = await db.query(
    `SELECT coalesce(sum(nights), 0)::int AS nights FROM loyalty.stay_credit WHERE membership_id = $1 AND year = $2`,
    [membershipId, year],
  );
  return row.nights as number;
}

/** Nights per membership in a calendar year, for many memberships in one statement (absent: none). */
export function nightsInYear(
  db: Db,
  membershipIds: readonly string[],
  year: number,
): Promise<{ membership_id: string; nights: number }[]> {
  return db.query(
    `SELECT membership_id, sum(nights)::int AS nights FROM loyalty.stay_credit
      WHERE membership_id = ANY($1::uuid[]) AND year = $2 GROUP BY membership_id`,
    [membershipIds, year],
  );
}
