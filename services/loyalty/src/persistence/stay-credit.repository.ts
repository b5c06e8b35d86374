import { changed } from '@guest-graph/db';
import type { EntityManager } from 'typeorm';

type Db = Pick<EntityManager, 'query'>;

/** A checked-out stay credited to a membership; `membershipId` earned it (and holds its nights until a merge). */
export interface NewStayCredit {
  stayId: string;
  membershipId: string;
  guestId: string;
  year: number;
  nights: number;
  departureDate: string;
  creditedAt: Date;
}

/**
 * Credits stays in one statement; returns the ids of those credited now. The unique stay id decides what is
 * new: a stay credited before (a redelivery, a re-published event) is left out.
 */
export async function creditStays(db: Db, stays: NewStayCredit[]): Promise<Set<string>> {
  if (!stays.length) return new Set();
  const rows: { stay_id: string }[] = await db.query(
    `INSERT INTO loyalty.stay_credit
       (stay_id, membership_id, earned_by_membership_id, guest_id, year, nights, departure_date, credited_at)
     SELECT s, m, m, g, y, n, d, c
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::date[], $7::timestamptz[])
            AS t(s, m, g, y, n, d, c)
     ON CONFLICT (stay_id) DO NOTHING RETURNING stay_id`,
    [
      stays.map((s) => s.stayId),
      stays.map((s) => s.membershipId),
      stays.map((s) => s.guestId),
      stays.map((s) => s.year),
      stays.map((s) => s.nights),
      stays.map((s) => s.departureDate),
      stays.map((s) => s.creditedAt),
    ],
  );
  return new Set(rows.map((r) => r.stay_id));
}

/** Credits one stay; false when it was credited before. */
export async function creditStay(db: Db, stay: NewStayCredit): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO loyalty.stay_credit
       (stay_id, membership_id, earned_by_membership_id, guest_id, year, nights, departure_date, credited_at)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (stay_id) DO NOTHING RETURNING stay_id`,
    [stay.stayId, stay.membershipId, stay.guestId, stay.year, stay.nights, stay.departureDate, stay.creditedAt],
  );
  return rows.length > 0;
}

/** Nights credited per (membership, year) pair, in one statement (a pair with none is absent). */
export function nightsPerMembershipYear(
  db: Db,
  pairs: { membershipId: string; year: number }[],
): Promise<{ membership_id: string; year: number; nights: number }[]> {
  return db.query(
    `SELECT membership_id, year, coalesce(sum(nights), 0)::int AS nights FROM loyalty.stay_credit
      WHERE (membership_id, year) IN (SELECT * FROM unnest($1::uuid[], $2::int[])) GROUP BY membership_id, year`,
    [pairs.map((p) => p.membershipId), pairs.map((p) => p.year)],
  );
}

/** A folded membership's stays count for the survivor from now on. */
export async function moveStayCredits(db: Db, from: string, to: string): Promise<void> {
  await changed(db as EntityManager, `UPDATE loyalty.stay_credit SET membership_id = $2 WHERE membership_id = $1`, [
    from,
    to,
  ]);
}

/** Undoes `moveStayCredits`: the stays `earnedBy` earned, held by `holder`, count for it again. */
export async function returnStayCredits(db: Db, holder: string, earnedBy: string): Promise<void> {
  await changed(
    db as EntityManager,
    `UPDATE loyalty.stay_credit SET membership_id = earned_by_membership_id
      WHERE membership_id = $1 AND earned_by_membership_id = $2`,
    [holder, earnedBy],
  );
}
