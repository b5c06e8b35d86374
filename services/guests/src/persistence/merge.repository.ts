import type { DataSource, EntityManager } from 'typeorm';
import type { MergeEmail, MergeFootprint, MergePhone, MergeSnapshot } from '../domain/merge.js';
import { GuestEmailEntity, GuestPhoneEntity } from './guest.entity.js';

type Db = DataSource | EntityManager;

export interface DuplicateCandidateRow {
  id: string;
  samePhone: boolean;
  sameEmail: boolean;
  nameSimilarity: number;
  birthDate: 'SAME' | 'DIFFERENT' | 'UNKNOWN';
  sameDocument: boolean;
}

/** Live guests sharing a phone, an email, a document or a similar name with `guestId`, with what they share. */
export const duplicateCandidates = (db: Db, guestId: string): Promise<DuplicateCandidateRow[]> =>
  db.query(
    `WITH me AS (SELECT * FROM guests.guest WHERE id = $1),
     phone AS (SELECT DISTINCT o.guest_id FROM guests.guest_phone m JOIN guests.guest_phone o ON o.digits = m.digits
                WHERE m.guest_id = $1 AND o.guest_id <> $1),
     email AS (SELECT DISTINCT o.guest_id FROM guests.guest_email m
                 JOIN guests.guest_email o ON o.address_lower = m.address_lower WHERE m.guest_id = $1 AND o.guest_id <> $1),
     name AS (SELECT g.id AS guest_id FROM guests.guest_name n, me, guests.guest g
               WHERE (n.search_name % me.search_name OR me.search_name <% n.search_name OR n.search_name <% me.search_name)
                 AND g.search_name = n.search_name AND g.id <> me.id),
     doc AS (SELECT g.id AS guest_id FROM guests.guest g, me
              WHERE me.id_doc_index IS NOT NULL AND g.id_doc_index = me.id_doc_index AND g.id <> me.id),
     ids AS (SELECT guest_id FROM phone UNION SELECT guest_id FROM email UNION SELECT guest_id FROM name
             UNION SELECT guest_id FROM doc)
     SELECT g.id,
            g.id IN (SELECT guest_id FROM phone) AS "samePhone",
            g.id IN (SELECT guest_id FROM email) AS "sameEmail",
            greatest(similarity(g.search_name, me.search_name), word_similarity(me.search_name, g.search_name),
                     word_similarity(g.search_name, me.search_name))::float8 AS "nameSimilarity",
            CASE WHEN g.birth_date IS NULL OR me.birth_date IS NULL THEN 'UNKNOWN'
                 WHEN g.birth_date = me.birth_date THEN 'SAME' ELSE 'DIFFERENT' END AS "birthDate",
            g.id IN (SELECT guest_id FROM doc) AS "sameDocument"
       FROM ids JOIN guests.guest g ON g.id = ids.guest_id, me
      WHERE g.merged_into IS NULL
      LIMIT 200`,
    [guestId],
  );

/** Locks guests in id order (two merges of the same pair never deadlock); returns where each is merged to. */
export const lockGuests = (tx: EntityManager, ids: string[]): Promise<{ id: string; merged_into: string | null }[]> =>
  tx.query('SELECT id, merged_into FROM guests.guest WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);

const contactOrder = { isPrimary: 'DESC', addedAt: 'ASC' } as const;
export const phonesOfGuest = (tx: EntityManager, guestId: string) =>
  tx.find(GuestPhoneEntity, { where: { guestId }, order: contactOrder });
export const emailsOfGuest = (tx: EntityManager, guestId: string) =>
  tx.find(GuestEmailEntity, { where: { guestId }, order: contactOrder });

/** Everything hanging on the duplicate that a merge moves to the survivor. */
export async function mergeFootprint(
  tx: EntityManager,
  duplicateId: string,
  survivorId: string,
): Promise<MergeFootprint> {
  const stays: { id: string }[] = await tx.query('SELECT id FROM guests.stay WHERE guest_id = $1', [duplicateId]);
  const preferences: MergeFootprint['preferences'] = await tx.query(
    `SELECT d.id, d.superseded_at AS "supersededAt", d.superseded_at IS NULL AND EXISTS (
        SELECT 1 FROM guests.preference s WHERE s.guest_id = $2 AND s.category = d.category AND s.superseded_at IS NULL
      ) AS "yields"
       FROM guests.preference d WHERE d.guest_id = $1`,
    [duplicateId, survivorId],
  );
  const idsOf = async (table: string): Promise<string[]> =>
    (await tx.query(`SELECT id FROM guests.${table} WHERE guest_id = $1`, [duplicateId])).map(
      (r: { id: string }) => r.id,
    );
  return {
    stays: stays.map((s) => s.id),
    preferences,
    observations: await idsOf('observation'),
    // The consent ledger is append-only: the survivor reads the duplicate's answers across the merge.
    consents: [],
    followUps: await idsOf('follow_up'),
  };
}

/** Moves everything from the duplicate to the survivor; preferences the survivor already holds become history. */
export async function moveGuestRecords(
  tx: EntityManager,
  duplicateId: string,
  survivorId: string,
  yieldingPreferences: string[],
  at: Date,
): Promise<void> {
  await tx.query('UPDATE guests.stay SET guest_id = $2 WHERE guest_id = $1', [duplicateId, survivorId]);
  await tx.query('UPDATE guests.reservation SET guest_id = $2 WHERE guest_id = $1', [duplicateId, survivorId]);
  if (yieldingPreferences.length)
    await tx.query('UPDATE guests.preference SET superseded_at = $2 WHERE id = ANY($1::uuid[])', [
      yieldingPreferences,
      at,
    ]);
  for (const table of ['preference', 'observation', 'follow_up'])
    await tx.query(`UPDATE guests.${table} SET guest_id = $2 WHERE guest_id = $1`, [duplicateId, survivorId]);
}

export async function recordMerge(
  tx: EntityManager,
  merge: { id: string; survivorId: string; duplicateId: string; snapshot: MergeSnapshot; by: string; at: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO guests.guest_merge (id, survivor_id, duplicate_id, snapshot, merged_by, merged_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [merge.id, merge.survivorId, merge.duplicateId, JSON.stringify(merge.snapshot), merge.by, merge.at],
  );
}

export interface MergeRow {
  survivor_id: string;
  duplicate_id: string;
  /** Null once purged, past the unmerge window. */
  snapshot: MergeSnapshot | null;
  merged_at: Date;
  unmerged_at: Date | null;
}

export async function lockMerge(tx: EntityManager, mergeId: string): Promise<MergeRow | null> {
  const rows: MergeRow[] = await tx.query('SELECT * FROM guests.guest_merge WHERE id = $1 FOR UPDATE', [mergeId]);
  return rows[0] ?? null;
}

/** Takes back the contacts a merge copied onto the survivor (ones added since stay). */
export async function removeContacts(
  tx: EntityManager,
  guestId: string,
  contacts: { digits: string[]; addressesLower: string[] },
): Promise<void> {
  if (contacts.digits.length)
    await tx.query('DELETE FROM guests.guest_phone WHERE guest_id = $1 AND digits = ANY($2::text[])', [
      guestId,
      contacts.digits,
    ]);
  if (contacts.addressesLower.length)
    await tx.query('DELETE FROM guests.guest_email WHERE guest_id = $1 AND address_lower = ANY($2::text[])', [
      guestId,
      contacts.addressesLower,
    ]);
}

/** Puts a guest's phones and emails back exactly as a snapshot holds them. */
export async function replaceContacts(
  tx: EntityManager,
  guestId: string,
  phones: MergePhone[],
  emails: MergeEmail[],
): Promise<void> {
  await tx.delete(GuestPhoneEntity, { guestId });
  if (phones.length)
    await tx.insert(
      GuestPhoneEntity,
      phones.map((p) => ({ ...p, addedAt: new Date(p.addedAt) })),
    );
  await tx.delete(GuestEmailEntity, { guestId });
  if (emails.length)
    await tx.insert(
      GuestEmailEntity,
      emails.map((e) => ({ ...e, addedAt: new Date(e.addedAt) })),
    );
}

/** Gives the duplicate back what the merge moved (and is still on the survivor). */
export async function giveBack(
  tx: EntityManager,
  snapshot: MergeSnapshot,
  duplicateId: string,
  survivorId: string,
): Promise<void> {
  const back = async (table: string, ids: string[]) => {
    if (ids.length)
      await tx.query(`UPDATE guests.${table} SET guest_id = $2 WHERE id = ANY($1::uuid[]) AND guest_id = $3`, [
        ids,
        duplicateId,
        survivorId,
      ]);
  };
  await back('stay', snapshot.stays);
  // Reservations booked under the duplicate go back with it (they are not in older snapshots).
  await tx.query('UPDATE guests.reservation SET guest_id = $2 WHERE guest_id = $1 AND origin_guest_id = $2', [
    survivorId,
    duplicateId,
  ]);
  await back('observation', snapshot.observations);
  await back('follow_up', snapshot.followUps);
  for (const p of snapshot.preferences)
    await tx.query('UPDATE guests.preference SET guest_id = $2, superseded_at = $3 WHERE id = $1 AND guest_id = $4', [
      p.id,
      duplicateId,
      p.supersededAt,
      survivorId,
    ]);
}

export async function markUnmerged(tx: EntityManager, mergeId: string, by: string, at: Date): Promise<void> {
  await tx.query('UPDATE guests.guest_merge SET unmerged_at = $2, unmerged_by = $3 WHERE id = $1', [mergeId, at, by]);
}

/** Forgets the snapshots of merges older than `before` (past the unmerge window: they can no longer be used). */
export async function purgeMergeSnapshots(tx: EntityManager, before: Date): Promise<number> {
  const rows = await tx.query(
    'UPDATE guests.guest_merge SET snapshot = NULL WHERE snapshot IS NOT NULL AND merged_at < $1 RETURNING id',
    [before],
  );
  return rows[0]?.length ?? rows.length;
}
