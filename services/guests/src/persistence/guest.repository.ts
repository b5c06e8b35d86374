import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** The live guest at the end of a merge chain (a merged-away id still reaches its guest), or null. */
export async function liveGuestIdOf(db: Db, id: string): Promise<string | null> {
  const live: { id: string }[] = await db.query(
    `WITH RECURSIVE chain AS (
       SELECT id, merged_into, 0 AS hops FROM guests.guest WHERE id = $1
       UNION ALL SELECT g.id, g.merged_into, c.hops + 1 FROM guests.guest g JOIN chain c ON g.id = c.merged_into
        WHERE c.hops < 5)
     SELECT id FROM chain WHERE merged_into IS NULL`,
    [id],
  );
  return live[0]?.id ?? null;
}

/** Whether a guest is a VIP now (read inside the transaction that acts on it). */
export async function isVipNow(db: Db, id: string): Promise<boolean> {
  const rows: { vip: boolean }[] = await db.query('SELECT vip FROM guests.guest WHERE id = $1', [id]);
  return rows[0]?.vip ?? false;
}

/** The live guest holding an identity document (by its blind index), if any. */
export async function findDocumentOwner(db: Db, type: string, index: string): Promise<string | null> {
  const rows: { id: string }[] = await db.query(
    'SELECT id FROM guests.guest WHERE id_doc_type = $1 AND id_doc_index = $2 AND merged_into IS NULL',
    [type, index],
  );
  return rows[0]?.id ?? null;
}

export interface GuestLookupRow {
  id: string;
  fullName: string;
  vip: boolean;
  segment: string | null;
  mergedInto: string | null;
}

/** What other services learn about guests they ask after (merged-away ones included, with where they went). */
export const guestsForLookup = (db: Db, ids: readonly string[]): Promise<GuestLookupRow[]> =>
  db.query(
    `SELECT id, full_name AS "fullName", vip, segment, merged_into AS "mergedInto"
       FROM guests.guest WHERE id = ANY($1::uuid[])`,
    [ids],
  );
