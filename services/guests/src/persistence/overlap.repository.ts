import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** The dated rows of a guest that may not share a night, and the one status in which a row blocks another. */
const OVERLAP_RULES = {
  reservation: 'BOOKED',
  stay: 'IN_HOUSE',
} as const;

export type OverlapTable = keyof typeof OVERLAP_RULES;

export interface Overlap {
  id: string;
  arrivalDate: string;
  departureDate: string;
}

/**
 * A row of `guests.<table>` of the guest, in the status that blocks, sharing a night with [from, to) (the
 * table's guest index). Table and status come from the closed list above, never from caller text: both are
 * spliced into the statement, the status as a literal so that a partial index on it (stay_in_house_idx) applies.
 */
export async function firstOverlapping(
  db: Db,
  table: OverlapTable,
  guestId: string,
  from: string,
  to: string,
): Promise<Overlap | null> {
  const [row] = await db.query(
    `SELECT id, to_char(arrival_date, 'YYYY-MM-DD') AS "arrivalDate",
            to_char(departure_date, 'YYYY-MM-DD') AS "departureDate"
       FROM guests.${table}
      WHERE guest_id = $1 AND status = '${OVERLAP_RULES[table]}' AND arrival_date < $3::date AND departure_date > $2::date
      LIMIT 1`,
    [guestId, from, to],
  );
  return row ?? null;
}
