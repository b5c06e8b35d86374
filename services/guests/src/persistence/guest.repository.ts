import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { GuestEmailEntity, GuestEntity, GuestPhoneEntity } from './guest.entity.js';

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
/** The guest's VIP flag and segment as they are now (a check-out carries the segment to reporting). */
export async function vipAndSegmentNow(db: Db, id: string): Promise<{ vip: boolean; segment: string | null }> {
  const rows: { vip: boolean; segment: string | null }[] = await db.query(
    'SELECT vip, segment FROM guests.guest WHERE id = $1',
    [id],
  );
  return rows[0] ?? { vip: false, segment: null };
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

export const guestById = (tx: EntityManager, id: string) => tx.findOneByOrFail(GuestEntity, { id });

export const updateGuest = (tx: EntityManager, id: string, patch: Partial<GuestEntity>) =>
  tx.update(GuestEntity, { id }, patch);

export async function addPhones(
  tx: EntityManager,
  guestId: string,
  phones: { number: string; digits: string; isPrimary: boolean }[],
  at: Date,
): Promise<void> {
  if (phones.length)
    await tx.insert(
      GuestPhoneEntity,
      phones.map((p) => ({
        id: randomUUID(),
        guestId,
        number: p.number,
        digits: p.digits,
        isPrimary: p.isPrimary,
        addedAt: at,
      })),
    );
}

export async function addEmails(
  tx: EntityManager,
  guestId: string,
  emails: { address: string; addressLower: string; isPrimary: boolean }[],
  at: Date,
): Promise<void> {
  if (emails.length)
    await tx.insert(
      GuestEmailEntity,
      emails.map((e) => ({
        id: randomUUID(),
        guestId,
        address: e.address,
        addressLower: e.addressLower,
        isPrimary: e.isPrimary,
        addedAt: at,
      })),
    );
}

/** Locks a live guest for a change; null when it is unknown or merged away. */
export async function lockLiveGuest(tx: EntityManager, id: string): Promise<GuestEntity | null> {
  const rows: { id: string }[] = await tx.query(
    'SELECT id FROM guests.guest WHERE id = $1 AND merged_into IS NULL FOR UPDATE',
    [id],
  );
  if (!rows.length) return null;
  return tx.findOneByOrFail(GuestEntity, { id });
}

export const insertGuest = (tx: EntityManager, guest: GuestEntity) => tx.insert(GuestEntity, guest);

/** Replaces a guest's phones (or emails) with a new list, primary first. */
export async function replacePhones(
  tx: EntityManager,
  guestId: string,
  phones: { number: string; digits: string; isPrimary: boolean }[],
  at: Date,
): Promise<void> {
  await tx.delete(GuestPhoneEntity, { guestId });
  await addPhones(tx, guestId, phones, at);
}

export async function replaceEmails(
  tx: EntityManager,
  guestId: string,
  emails: { address: string; addressLower: string; isPrimary: boolean }[],
  at: Date,
): Promise<void> {
  await tx.delete(GuestEmailEntity, { guestId });
  await addEmails(tx, guestId, emails, at);
}

export interface ConsentRecord {
  purpose: string;
  channel: string | null;
  granted: boolean;
  noticeVersion: string;
  source: string;
}

/** The ledger only grows: each answer is a new row, the latest per purpose and channel is the guest's word. */
export async function recordConsents(
  tx: EntityManager,
  guestId: string,
  consents: ConsentRecord[],
  by: string,
  at: Date,
): Promise<ConsentRow[]> {
  if (!consents.length) return [];
  return tx.query(
    `INSERT INTO guests.consent (id, guest_id, purpose, channel, granted, notice_version, source, recorded_by, recorded_at)
     SELECT gen_random_uuid(), $1, c.purpose, c.channel, c.granted, c.notice_version, c.source, $2, $3
       FROM jsonb_to_recordset($4::jsonb)
            AS c(purpose text, channel text, granted boolean, notice_version text, source text)
     RETURNING ${CONSENT_COLUMNS}`,
    [guestId, by, at, JSON.stringify(consents.map((c) => ({ ...c, notice_version: c.noticeVersion })))],
  );
}

export interface ConsentRow {
  guestId: string;
  purpose: string;
  channel: string | null;
  granted: boolean;
  noticeVersion: string;
  source: string;
  recordedBy: string;
  recordedAt: Date;
}
export const CONSENT_COLUMNS = `guest_id AS "guestId", purpose, channel, granted, notice_version AS "noticeVersion",
  source, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/**
 * The guest's latest answer on one purpose (and channel), counting answers given under profiles merged into
 * it: a merge reads across the ledger rather than moving its rows.
 */
export async function latestConsent(
  db: EntityManager,
  guestId: string,
  purpose: string,
  channel: string | null,
): Promise<boolean | null> {
  const rows: { granted: boolean }[] = await db.query(
    `WITH RECURSIVE subject(id) AS (
       SELECT $1::uuid UNION SELECT g.id FROM subject s JOIN guests.guest g ON g.merged_into = s.id)
     SELECT c.granted FROM guests.consent c JOIN subject s ON c.guest_id = s.id
      WHERE c.purpose = $2 AND c.channel IS NOT DISTINCT FROM $3
      ORDER BY c.recorded_at DESC, c.seq DESC LIMIT 1`,
    [guestId, purpose, channel],
  );
  return rows[0]?.granted ?? null;
}
