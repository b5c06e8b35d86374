import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface IdentifierSearchRow {
  id: string;
  searchedBy: string;
  searchedByName: string;
  roles: string[];
  kinds: string[];
  foundGuestIds: string[];
  requestId: string | null;
  searchedAt: Date;
}

/**
 * One member of staff's searches by an identifier since `since` (their quota's window): how many, and the
 * oldest (when the window frees a search again).
 */
export async function identifierSearchesSince(
  db: Db,
  staffId: string,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db.query(
    `SELECT count(*)::int AS count, min(searched_at) AS oldest
       FROM guests.identifier_search WHERE searched_by = $1 AND searched_at > $2`,
    [staffId, since],
  );
  return { count: row.count, oldest: row.oldest ? new Date(row.oldest) : null };
}

export const recordIdentifierSearch = (db: Db, s: IdentifierSearchRow) =>
  db.query(
    `INSERT INTO guests.identifier_search
       (id, searched_by, searched_by_name, roles, kinds, found_guest_ids, request_id, searched_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.id, s.searchedBy, s.searchedByName, s.roles, s.kinds, s.foundGuestIds, s.requestId, s.searchedAt],
  );
