import { randomUUID } from 'node:crypto';
import { changed } from '@guest-graph/db';
import { type EntityManager, In } from 'typeorm';
import { type EntryType, LedgerEntry, toLedgerEntry } from './ledger-entry.entity.js';
import { Membership } from './membership.entity.js';

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
  reference: string | null;
}

/** Several memberships locked at once, in id order (two transactions locking overlapping sets never deadlock). */
export function lockMemberships(tx: EntityManager, ids: string[]): Promise<Membership[]> {
  return tx
    .getRepository(Membership)
    .find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
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
 * holds its lock, its entries commit in `seq` order, and `last_entry_seq` marks exactly what the balance holds.
 * Entries whose key is already booked are skipped (a redelivery, a retry, a race lost). `activity` false for
 * expiries, which must not keep the points they expire alive.
 */
export async function book(
  tx: EntityManager,
  membership: Membership,
  entries: NewEntry[],
  { activity = true } = {},
): Promise<BookedEntry[]> {
  return (await bookMany(tx, [{ membership, entries }], { activity }))[0]!;
}

/**
 * `book` for several locked memberships at once: every entry in one statement (taking `seq` in the order
 * given), every balance in another. Returns what was booked, per membership in the order given.
 */
export async function bookMany(
  tx: EntityManager,
  bookings: { membership: Membership; entries: NewEntry[] }[],
  { activity = true } = {},
): Promise<BookedEntry[][]> {
  const wanted = bookings.flatMap(({ membership, entries }, booking) =>
    entries
      .filter((e) => Number.isSafeInteger(e.points) && e.points !== 0)
      .map((e) => ({ ...e, id: randomUUID(), membershipId: membership.id, booking })),
  );
  if (!wanted.length) return bookings.map(() => []);
  const inserted: { id: string; seq: string }[] = await tx.query(
    `INSERT INTO loyalty.ledger_entry
       (id, membership_id, type, points, reference, reason, caused_by, idempotency_key, reverses_entry_id, occurred_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::uuid[], $10::timestamptz[])
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id, seq`,
    [
      wanted.map((e) => e.id),
      wanted.map((e) => e.membershipId),
      wanted.map((e) => e.type),
      wanted.map((e) => e.points),
      wanted.map((e) => e.reference),
      wanted.map((e) => e.reason),
      wanted.map((e) => e.causedBy),
      wanted.map((e) => e.idempotencyKey),
      wanted.map((e) => e.reversesEntryId ?? null),
      wanted.map((e) => e.occurredAt),
    ],
  );
  const seqOf = new Map(inserted.map((r) => [r.id, Number(r.seq)]));
  const booked = wanted.filter((e) => seqOf.has(e.id));
  const moves = new Map<string, { delta: number; seq: number; at: number }>();
  for (const e of booked) {
    const m = moves.get(e.membershipId) ?? { delta: 0, seq: 0, at: 0 };
    m.delta += e.points;
    m.seq = Math.max(m.seq, seqOf.get(e.id)!);
    m.at = Math.max(m.at, e.occurredAt.getTime());
    moves.set(e.membershipId, m);
  }
  if (moves.size) {
    const ids = [...moves.keys()];
    const { rows } = await changed<{
      id: string;
      points_balance: string;
      last_entry_seq: string;
      last_activity_at: Date;
    }>(
      tx,
      `UPDATE loyalty.membership m
          SET points_balance = m.points_balance + v.delta,
              last_entry_seq = greatest(m.last_entry_seq, v.seq),
              last_activity_at = CASE WHEN $5 THEN greatest(m.last_activity_at, v.at) ELSE m.last_activity_at END
         FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::timestamptz[]) AS v(id, delta, seq, at)
        WHERE m.id = v.id
        RETURNING m.id, m.points_balance, m.last_entry_seq, m.last_activity_at`,
      [
        ids,
        ids.map((id) => moves.get(id)!.delta),
        ids.map((id) => moves.get(id)!.seq),
        ids.map((id) => new Date(moves.get(id)!.at)),
        activity,
      ],
    );
    const after = new Map(rows.map((r) => [r.id, r]));
    for (const { membership } of bookings) {
      const r = after.get(membership.id);
      if (!r) continue;
      membership.pointsBalance = Number(r.points_balance);
      membership.lastEntrySeq = Number(r.last_entry_seq);
      membership.lastActivityAt = r.last_activity_at;
    }
  }
  return bookings.map((_, booking) =>
    booked
      .filter((e) => e.booking === booking)
      .map((e) => ({ id: e.id, seq: seqOf.get(e.id)!, type: e.type, points: e.points, reference: e.reference })),
  );
}

export function ledgerEntryById(db: Pick<EntityManager, 'getRepository'>, id: string): Promise<LedgerEntry> {
  return db.getRepository(LedgerEntry).findOneByOrFail({ id });
}

/**
 * The newest `first` entries of each membership up to a ledger position, newest first, in one statement (the
 * index is (membership_id, seq DESC)): a balance read at that position and the history under it agree.
 */
export async function latestEntriesUpTo(
  db: Pick<EntityManager, 'query'>,
  bounds: readonly { membershipId: string; seq: string }[],
  first: number,
): Promise<(LedgerEntry & { uptoKey: string })[]> {
  const rows: (Record<string, unknown> & { upto_key: string })[] = await db.query(
    `SELECT * FROM (
       SELECT e.*, upto.membership_id || '@' || upto.seq AS upto_key,
              row_number() OVER (PARTITION BY upto.membership_id, upto.seq ORDER BY e.seq DESC) AS n
         FROM unnest($1::uuid[], $2::bigint[]) AS upto(membership_id, seq)
         JOIN loyalty.ledger_entry e ON e.membership_id = upto.membership_id AND e.seq <= upto.seq) ranked
      WHERE n <= $3 ORDER BY seq DESC`,
    [bounds.map((b) => b.membershipId), bounds.map((b) => b.seq), first],
  );
  return rows.map((r) => Object.assign(toLedgerEntry(r), { uptoKey: r.upto_key }));
}

/** The id of the entry booked under an idempotency key, if any. */
export async function entryIdByKey(db: Pick<EntityManager, 'query'>, key: string): Promise<string | null> {
  const [row] = await db.query(`SELECT id FROM loyalty.ledger_entry WHERE idempotency_key = $1`, [key]);
  return (row?.id as string | undefined) ?? null;
}

/**
 * The memberships of these guests in one statement, one per guest: its active one first, else the newest
 * (the same choice as `lockMembershipOfGuest`), not locked.
 */
export function membershipsOfGuests(
  db: Pick<EntityManager, 'query'>,
  guestIds: string[],
): Promise<{ guest_id: string; id: string; status: string; merged_into: string | null }[]> {
  return db.query(
    `SELECT DISTINCT ON (g.id) g.id AS guest_id, m.id, m.status, m.merged_into
       FROM unnest($1::uuid[]) AS g(id)
       JOIN loyalty.membership m ON m.guest_id = g.id OR m.enrolled_guest_id = g.id
      ORDER BY g.id, (m.status = 'ACTIVE' AND m.guest_id = g.id) DESC, (m.status = 'ACTIVE') DESC, m.enrolled_at DESC`,
    [guestIds],
  );
}

/** The memberships that hold a case's COMPENSATION entries, in id order (the order they are locked in). */
export async function compensationHolders(db: Pick<EntityManager, 'query'>, caseId: string): Promise<string[]> {
  const rows: { membership_id: string }[] = await db.query(
    `SELECT DISTINCT membership_id FROM loyalty.ledger_entry
      WHERE reference = $1 AND type = 'COMPENSATION' ORDER BY membership_id`,
    [caseId],
  );
  return rows.map((r) => r.membership_id);
}

/** A case's COMPENSATION entries no REVERSAL has taken back yet, in ledger order. */
export function unreversedCompensation(
  db: Pick<EntityManager, 'query'>,
  caseId: string,
): Promise<{ id: string; membership_id: string; points: string; idempotency_key: string }[]> {
  return db.query(
    `SELECT e.id, e.membership_id, e.points, e.idempotency_key FROM loyalty.ledger_entry e
      WHERE e.reference = $1 AND e.type = 'COMPENSATION'
        AND NOT EXISTS (SELECT 1 FROM loyalty.ledger_entry r WHERE r.reverses_entry_id = e.id)
      ORDER BY e.seq`,
    [caseId],
  );
}

/**
 * Points each stay earned (base, tier bonus and promotion entries referencing it), for many stays in one
 * statement along ledger_entry_reference_idx. A stay with no entries is absent (0 for a non-member).
 */
export async function pointsEarnedByStays(
  db: Pick<EntityManager, 'query'>,
  stayIds: readonly string[],
): Promise<{ stayId: string; points: number }[]> {
  const rows: { stay_id: string; points: string }[] = await db.query(
    `SELECT reference AS stay_id, sum(points)::text AS points FROM loyalty.ledger_entry
      WHERE reference = ANY($1::varchar[]) AND type IN ('EARN', 'BONUS') GROUP BY reference`,
    [stayIds],
  );
  return rows.map((r) => ({ stayId: r.stay_id, points: Number(r.points) }));
}

/**
 * The entries stays earned (EARN and BONUS referencing a stay, what `pointsEarnedByStays` sums) in ledger order
 * after the entry `afterSeq`, along the primary key: the stay report backfill's pages (guests). An entry that
 * commits behind a page already read is told live by its `timeline.noted` line, sent after its commit.
 */
export const stayPointsPage = async (
  db: Pick<EntityManager, 'query'>,
  afterSeq: number | null,
  limit: number,
): Promise<{ seq: number; id: string; stayId: string; points: number }[]> =>
  (
    await db.query(
      `SELECT seq::text, id, reference AS "stayId", points::text FROM loyalty.ledger_entry
        WHERE ($1::bigint IS NULL OR seq > $1::bigint) AND type IN ('EARN', 'BONUS')
          AND reference ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    )
  ).map((r: { seq: string; id: string; stayId: string; points: string }) => ({
    seq: Number(r.seq),
    id: r.id,
    stayId: r.stayId,
    points: Number(r.points),
  }));
