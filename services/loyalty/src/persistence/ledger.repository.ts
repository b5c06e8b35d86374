import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EntryType } from './ledger-entry.entity.js';
import { Membership } from './membership.entity.js';
import { update } from './sql.js';

/** An entry about to be booked. `idempotencyKey` names its cause, so booking it again changes nothing. */
export interface NewEntry {
  type: EntryType;
  points: number;
  reference: string | null;
  reason: string | null;
  causedBy: string;
  idempotencyKey: string;
  occurredAt: Date;
  reversesEntryId?: string | null;
}

export interface BookedEntry {
  id: string;
  seq: number;
  type: EntryType;
  points: number;
}

/** Reads a membership and locks its row until `tx` ends: every ledger change goes through this lock. */
export function lockMembership(tx: EntityManager, id: string): Promise<Membership | null> {
  return tx.getRepository(Membership).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

/**
 * The membership that receives what happens to `guestId`, locked: the guest's active one or, for a guest
 * merged away, the survivor's (a stay or case of the duplicate may arrive after the merge).
 */
export async function lockMembershipOfGuest(tx: EntityManager, guestId: string): Promise<Membership | null> {
  const rows: { id: string; status: string; merged_into: string | null }[] = await tx.query(
    `SELECT id, status, merged_into FROM loyalty.membership
      WHERE guest_id = $1 OR enrolled_guest_id = $1
      ORDER BY (status = 'ACTIVE' AND guest_id = $1) DESC, (status = 'ACTIVE') DESC, enrolled_at DESC
      LIMIT 1`,
    [guestId],
  );
  let row = rows[0];
  for (let hops = 0; row && row.status !== 'ACTIVE' && row.merged_into && hops < 10; hops++) {
    [row] = await tx.query(`SELECT id, status, merged_into FROM loyalty.membership WHERE id = $1`, [row.merged_into]);
  }
  if (row?.status !== 'ACTIVE') return null;
  return lockMembership(tx, row.id);
}

/**
 * Books entries on a membership the caller has locked, and moves its balance by exactly what was booked in
 * the same transaction: the balance is the sum of the entries, always. Because every booking for a membership
 * holds its lock, its entries commit in `seq` order, and `last_entry_seq` marks exactly what the balance holds. Entries whose key is already booked
 * are skipped (a redelivery, a retry, a race lost). `activity` false for expiries, which must not keep the
 * points they expire alive.
 */
export async function book(
  tx: EntityManager,
  membership: Membership,
  entries: NewEntry[],
  { activity = true } = {},
): Promise<BookedEntry[]> {
  const wanted = entries
    .filter((e) => Number.isSafeInteger(e.points) && e.points !== 0)
    .map((e) => ({ ...e, id: randomUUID() }));
  if (!wanted.length) return [];
  // One statement for all of them; rows take their seq in the order given.
  const cols = 10;
  const inserted: { id: string; seq: string }[] = await tx.query(
    `INSERT INTO loyalty.ledger_entry
       (id, membership_id, type, points, reference, reason, caused_by, idempotency_key, reverses_entry_id, occurred_at)
     VALUES ${wanted.map((_, k) => `(${Array.from({ length: cols }, (_, c) => `$${k * cols + c + 1}`).join(', ')})`).join(', ')}
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id, seq`,
    wanted.flatMap((e) => [
      e.id,
      membership.id,
      e.type,
      e.points,
      e.reference,
      e.reason,
      e.causedBy,
      e.idempotencyKey,
      e.reversesEntryId ?? null,
      e.occurredAt,
    ]),
  );
  const seqOf = new Map(inserted.map((r) => [r.id, Number(r.seq)]));
  const booked: BookedEntry[] = wanted
    .filter((e) => seqOf.has(e.id))
    .map((e) => ({ id: e.id, seq: seqOf.get(e.id)!, type: e.type, points: e.points }));
  const bookedAt = wanted.filter((e) => seqOf.has(e.id)).map((e) => e.occurredAt.getTime());
  if (!booked.length) return booked;
  const delta = booked.reduce((t, b) => t + b.points, 0);
  const latest = new Date(Math.max(...bookedAt));
  const { rows } = await update<{ points_balance: string; last_entry_seq: string; last_activity_at: Date }>(
    tx,
    `UPDATE loyalty.membership
        SET points_balance = points_balance + $2,
            last_entry_seq = greatest(last_entry_seq, $5),
            last_activity_at = CASE WHEN $3 THEN greatest(last_activity_at, $4) ELSE last_activity_at END
      WHERE id = $1
      RETURNING points_balance, last_entry_seq, last_activity_at`,
    [membership.id, delta, activity, latest, Math.max(...booked.map((b) => b.seq))],
  );
  membership.pointsBalance = Number(rows[0]!.points_balance);
  membership.lastEntrySeq = Number(rows[0]!.last_entry_seq);
  membership.lastActivityAt = rows[0]!.last_activity_at;
  return booked;
}
