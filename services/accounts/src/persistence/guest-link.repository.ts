import { changedRows } from '@guest-graph/db';
import type { Db } from './account.repository.js';

// Who travels for whom, and the merges of guests that moved a link.

/** The account each of these guests is linked to (guests without a link are left out). */
export async function linksOfGuests(db: Db, guestIds: readonly string[]): Promise<Map<string, string>> {
  if (!guestIds.length) return new Map();
  const rows: { guest_id: string; account_id: string }[] = await db.query(
    'SELECT guest_id, account_id FROM accounts.guest_link WHERE guest_id = ANY($1::uuid[])',
    [guestIds],
  );
  return new Map(rows.map((r) => [r.guest_id, r.account_id]));
}

/** Links the guest to the account; false when it already was (nothing changed). */
export async function linkGuest(
  db: Db,
  link: { guestId: string; accountId: string; linkedAt: Date; linkedBy: string },
): Promise<boolean> {
  const changed = await db.query(
    `INSERT INTO accounts.guest_link (guest_id, account_id, linked_at, linked_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (guest_id) DO UPDATE SET account_id = EXCLUDED.account_id, linked_at = EXCLUDED.linked_at,
       linked_by = EXCLUDED.linked_by
     WHERE accounts.guest_link.account_id <> EXCLUDED.account_id
     RETURNING guest_id`,
    [link.guestId, link.accountId, link.linkedAt, link.linkedBy],
  );
  return changed.length > 0;
}

/** Adds a link only where the guest has none; false when the guest had one already. */
export async function addLinkIfNone(
  db: Db,
  link: { guestId: string; accountId: string; linkedAt: Date; linkedBy: string },
): Promise<boolean> {
  const added = await db.query(
    `INSERT INTO accounts.guest_link (guest_id, account_id, linked_at, linked_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (guest_id) DO NOTHING RETURNING guest_id`,
    [link.guestId, link.accountId, link.linkedAt, link.linkedBy],
  );
  return added.length > 0;
}

/** Removes the guest's link (only to `accountId` by `linkedBy` when given); false when there was none. */
export async function unlinkGuest(
  db: Db,
  guestId: string,
  only?: { accountId: string; linkedBy: string },
): Promise<boolean> {
  const gone = only
    ? await changedRows(
        db,
        `DELETE FROM accounts.guest_link WHERE guest_id = $1 AND account_id = $2 AND linked_by = $3
         RETURNING guest_id`,
        [guestId, only.accountId, only.linkedBy],
      )
    : await changedRows(db, 'DELETE FROM accounts.guest_link WHERE guest_id = $1 RETURNING guest_id', [guestId]);
  return gone.length > 0;
}

/** The guest's link, locked to the end of the transaction. */
export async function lockedLinkOf(db: Db, guestId: string): Promise<{ accountId: string; linkedAt: Date } | null> {
  const [row] = await db.query(
    'SELECT account_id AS "accountId", linked_at AS "linkedAt" FROM accounts.guest_link WHERE guest_id = $1 FOR UPDATE',
    [guestId],
  );
  return row ?? null;
}

export interface MergeRecord {
  mergeId: string;
  survivorId: string;
  duplicateId: string;
  duplicateAccountId: string | null;
  duplicateLinkedAt: Date | null;
  survivorLinkAdded: boolean;
}

/** Records what a guest merge did to the links, once per merge. */
export async function recordMerge(db: Db, m: MergeRecord, mergedAt: Date): Promise<void> {
  await db.query(
    `INSERT INTO accounts.guest_merge (merge_id, survivor_id, duplicate_id, duplicate_account_id, duplicate_linked_at,
       survivor_link_added, merged_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (merge_id) DO NOTHING`,
    [m.mergeId, m.survivorId, m.duplicateId, m.duplicateAccountId, m.duplicateLinkedAt, m.survivorLinkAdded, mergedAt],
  );
}

/** The merge, if it is not undone yet, locked to the end of the transaction. */
export async function lockedOpenMerge(db: Db, mergeId: string): Promise<MergeRecord | null> {
  const [row] = await db.query(
    `SELECT merge_id AS "mergeId", survivor_id AS "survivorId", duplicate_id AS "duplicateId",
            duplicate_account_id AS "duplicateAccountId", duplicate_linked_at AS "duplicateLinkedAt",
            survivor_link_added AS "survivorLinkAdded"
       FROM accounts.guest_merge WHERE merge_id = $1 AND unmerged_at IS NULL FOR UPDATE`,
    [mergeId],
  );
  return row ?? null;
}

export async function markUnmerged(db: Db, mergeId: string, at: Date): Promise<void> {
  await db.query('UPDATE accounts.guest_merge SET unmerged_at = $2 WHERE merge_id = $1', [mergeId, at]);
}

export interface TravellerRow {
  accountId: string;
  guestId: string;
  linkedAt: Date;
  /** linked_at as Postgres prints it: a cursor keeps the column's full precision. */
  sortKey: string;
}

/** Where a page of travellers ended: the link time and the guest that breaks ties. */
export interface TravellerCursor {
  linkedAt: string;
  guestId: string;
}

/**
 * A page of travellers of each account, most recently linked first, by keyset (`perAccount + 1` rows each, so
 * the caller knows whether another page follows). Served by guest_link_account_idx.
 */
export async function travellersOf(
  db: Db,
  accountIds: readonly string[],
  perAccount: number,
  after: TravellerCursor | null,
): Promise<TravellerRow[]> {
  return db.query(
    `SELECT t."accountId", t."guestId", t."linkedAt", t."sortKey" FROM (
       SELECT l.account_id AS "accountId", l.guest_id AS "guestId", l.linked_at AS "linkedAt",
              l.linked_at::text AS "sortKey",
              row_number() OVER (PARTITION BY l.account_id ORDER BY l.linked_at DESC, l.guest_id) AS n
         FROM accounts.guest_link l
        WHERE l.account_id = ANY($1::uuid[])
          AND ($3::timestamptz IS NULL OR l.linked_at < $3::timestamptz
               OR (l.linked_at = $3::timestamptz AND l.guest_id > $4::uuid))
     ) t WHERE t.n <= $2 ORDER BY t."linkedAt" DESC, t."guestId"`,
    [accountIds, perAccount + 1, after?.linkedAt ?? null, after?.guestId ?? null],
  );
}
