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

/** The number of the guest's active membership, if they are a member. */
export async function activeNumberOf(db: Db, guestId: string): Promise<string | null> {
  const [row] = await db.query(`SELECT number FROM loyalty.membership WHERE guest_id = $1 AND status = 'ACTIVE'`, [
    guestId,
  ]);
  return (row?.number as string | undefined) ?? null;
}

/** The id of the guest's active membership, if they are a member. */
export async function activeIdOf(db: Db, guestId: string): Promise<string | null> {
  const [row] = await db.query(`SELECT id FROM loyalty.membership WHERE guest_id = $1 AND status = 'ACTIVE'`, [
    guestId,
  ]);
  return (row?.id as string | undefined) ?? null;
}

/** The next value of the member number sequence (the number's digits before its check digit). */
export async function nextMemberSeq(db: Db): Promise<bigint> {
  const [{ seq }] = await db.query(`SELECT nextval('loyalty.member_number_seq') AS seq`);
  return BigInt(seq);
}

/** A new active membership at tier MEMBER with no points; the unique index refuses a second active one. */
export async function insertMembership(
  db: Db,
  m: { id: string; guestId: string; number: string; tierYear: number; at: Date; by: string },
): Promise<void> {
  await db.query(
    `INSERT INTO loyalty.membership
       (id, guest_id, enrolled_guest_id, number, tier, tier_year, status, points_balance, last_activity_at,
        enrolled_at, enrolled_by)
     VALUES ($1, $2, $2, $3, 'MEMBER', $4, 'ACTIVE', 0, $5, $5, $6)`,
    [m.id, m.guestId, m.number, m.tierYear, m.at, m.by],
  );
}

export async function setTierYear(db: Db, membershipId: string, year: number): Promise<void> {
  await changed(db as EntityManager, `UPDATE loyalty.membership SET tier_year = $2 WHERE id = $1`, [
    membershipId,
    year,
  ]);
}

/** Moves a membership to another guest (a merge where only the duplicate was a member, and its undoing). */
export async function setGuestOf(db: Db, membershipId: string, guestId: string): Promise<void> {
  await changed(db as EntityManager, `UPDATE loyalty.membership SET guest_id = $2 WHERE id = $1`, [
    membershipId,
    guestId,
  ]);
}

/** Moves a membership's last activity forward to `at` (never back). */
export async function keepLatestActivity(db: Db, membershipId: string, at: Date): Promise<void> {
  await changed(
    db as EntityManager,
    `UPDATE loyalty.membership SET last_activity_at = greatest(last_activity_at, $2) WHERE id = $1`,
    [membershipId, at],
  );
}

export async function markMerged(db: Db, membershipId: string, into: string): Promise<void> {
  await changed(
    db as EntityManager,
    `UPDATE loyalty.membership SET status = 'MERGED', merged_into = $2 WHERE id = $1`,
    [membershipId, into],
  );
}

export async function markActiveAgain(db: Db, membershipId: string): Promise<void> {
  await changed(
    db as EntityManager,
    `UPDATE loyalty.membership SET status = 'ACTIVE', merged_into = NULL WHERE id = $1`,
    [membershipId],
  );
}

/** Active memberships with points and no activity since `cutoff`, in id order (the expiry job's work). */
export async function idsDueForExpiry(db: Db, cutoff: Date): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM loyalty.membership
      WHERE status = 'ACTIVE' AND points_balance > 0 AND last_activity_at <= $1 ORDER BY id`,
    [cutoff],
  );
  return rows.map((r) => r.id);
}

/** Active memberships whose tier year is before `year`, in id order (the roll-over job's work). */
export async function idsDueForRollOver(db: Db, year: number): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM loyalty.membership WHERE status = 'ACTIVE' AND tier_year < $1 ORDER BY id`,
    [year],
  );
  return rows.map((r) => r.id);
}
