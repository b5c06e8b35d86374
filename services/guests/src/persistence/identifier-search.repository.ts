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

const MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export type IdentifierSearchPageRow = IdentifierSearchRow & { searchedKey: string };

/** A page of the audit, newest first, for everyone or one member of staff (indexes of IdentifierSearchAudit). */
export const identifierSearchPage = (
  db: Db,
  staffId: string | null,
  after: { searchedKey: string; id: string } | null,
  limit: number,
): Promise<IdentifierSearchPageRow[]> =>
  db.query(
    `SELECT id, searched_by AS "searchedBy", searched_by_name AS "searchedByName", roles, kinds,
            found_guest_ids AS "foundGuestIds", request_id AS "requestId", searched_at AS "searchedAt",
            to_char(searched_at AT TIME ZONE 'UTC', ${MICROS}) AS "searchedKey"
       FROM guests.identifier_search
      WHERE ($1::text IS NULL OR searched_by = $1)
        AND ($2::timestamptz IS NULL OR (searched_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY searched_at DESC, id DESC LIMIT $4`,
    [staffId, after?.searchedKey ?? null, after?.id ?? null, limit],
  );
