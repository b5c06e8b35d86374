import type { DataSource, EntityManager } from 'typeorm';
import type { FollowUpRow } from './care.repository.js';
import { FOLLOW_UP_COLUMNS } from './care.repository.js';
import type { IdDocumentRevealEntity } from './guest.entity.js';
import { STAY_COLUMNS } from './guest-read.repository.js';
import type { StayEntity } from './stay.entity.js';

/**
 * Keyset pages for the connections: each reads `limit` rows (the caller asks for first + 1) strictly after the
 * given key, in the order an index of migration ConnectionKeys keeps. A key carries the sort values as text
 * (timestamps to the microsecond) and the id that breaks ties.
 */
type Db = DataSource | EntityManager;

const MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export type FollowUpPageRow = FollowUpRow & { createdKey: string };

export const followUpPage = (
  db: Db,
  filter: { status: string; dueBy: string | null; owner: string | null },
  after: { dueDate: string; createdKey: string; id: string } | null,
  limit: number,
): Promise<FollowUpPageRow[]> =>
  db.query(
    `SELECT ${FOLLOW_UP_COLUMNS}, to_char(created_at AT TIME ZONE 'UTC', ${MICROS}) AS "createdKey"
       FROM guests.follow_up
      WHERE status = $1 AND ($2::date IS NULL OR due_date <= $2::date) AND ($3::text IS NULL OR owner = $3)
        AND ($4::date IS NULL OR (due_date, created_at, id) > ($4::date, $5::timestamptz, $6::uuid))
      ORDER BY due_date, created_at, id LIMIT $7`,
    [
      filter.status,
      filter.dueBy,
      filter.owner,
      after?.dueDate ?? null,
      after?.createdKey ?? null,
      after?.id ?? null,
      limit,
    ],
  );

export type RevealPageRow = IdDocumentRevealEntity & { revealedKey: string };

export const revealPage = (
  db: Db,
  guestId: string | null,
  after: { revealedKey: string; id: string } | null,
  limit: number,
): Promise<RevealPageRow[]> =>
  db.query(
    `SELECT id, guest_id AS "guestId", revealed_by AS "revealedBy", revealed_by_name AS "revealedByName", roles,
            reason, request_id AS "requestId", revealed_at AS "revealedAt",
            to_char(revealed_at AT TIME ZONE 'UTC', ${MICROS}) AS "revealedKey"
       FROM guests.id_document_reveal
      WHERE ($1::uuid IS NULL OR guest_id = $1)
        AND ($2::timestamptz IS NULL OR (revealed_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY revealed_at DESC, id DESC LIMIT $4`,
    [guestId, after?.revealedKey ?? null, after?.id ?? null, limit],
  );

/**
 * A page of stays for each of many guests in one statement (a lateral keyset per guest), newest first, in the
 * order of index stay_guest_idx (guest, arrival, check-in time; the id breaks a tie). All guests of one
 * request share the page request (the same `first` and `after`).
 */
export type StayPageRow = StayEntity & { checkedInKey: string };

export const stayPagesOf = (
  db: Db,
  guestIds: readonly string[],
  after: { arrivalDate: string; checkedInKey: string; id: string } | null,
  limit: number,
): Promise<StayPageRow[]> =>
  db.query(
    `SELECT s.* FROM unnest($1::uuid[]) AS k(guest_id) CROSS JOIN LATERAL (
       SELECT ${STAY_COLUMNS}, to_char(checked_in_at AT TIME ZONE 'UTC', ${MICROS}) AS "checkedInKey"
         FROM guests.stay
        WHERE guest_id = k.guest_id
          AND ($2::date IS NULL OR (arrival_date, checked_in_at, id) < ($2::date, $3::timestamptz, $4::uuid))
        ORDER BY arrival_date DESC, checked_in_at DESC, id DESC LIMIT $5) s`,
    [guestIds, after?.arrivalDate ?? null, after?.checkedInKey ?? null, after?.id ?? null, limit],
  );

/**
 * Checked-out stays departing in [from, to], oldest departure first (the id breaks a tie), strictly after the
 * key: a range of index stay_checked_out_departure_idx. Stays checked out meanwhile take their place in that
 * order, so a reader paging on never sees one twice and never skips one that was there when it started.
 */
export const checkedOutStayPage = (
  db: Db,
  range: { from: string; to: string },
  after: { departureDate: string; id: string } | null,
  limit: number,
): Promise<StayEntity[]> =>
  db.query(
    `SELECT ${STAY_COLUMNS} FROM guests.stay
      WHERE status = 'CHECKED_OUT' AND departure_date BETWEEN $1::date AND $2::date
        AND ($3::date IS NULL OR (departure_date, id) > ($3::date, $4::uuid))
      ORDER BY departure_date, id LIMIT $5`,
    [range.from, range.to, after?.departureDate ?? null, after?.id ?? null, limit],
  );

/** How many stays checked out with a departure date in [from, to] (an index-only count). */
export const checkedOutStayCount = async (db: Db, range: { from: string; to: string }): Promise<number> => {
  const [row] = await db.query(
    `SELECT count(*)::int AS n FROM guests.stay
      WHERE status = 'CHECKED_OUT' AND departure_date BETWEEN $1::date AND $2::date`,
    [range.from, range.to],
  );
  return row.n;
};

export type GuestChangeRow = {
  id: string;
  mergedInto: string | null;
  erased: boolean;
  changedAt: Date;
  changedKey: string;
};

/**
 * Guests changed at or after `since` (all when null), in the order of guest_changed_idx (changed_at, id),
 * strictly after the key. Merged and erased profiles are in it too: they are the tombstones a copy drops.
 */
export const changedGuestPage = (
  db: Db,
  since: string | null,
  after: { changedKey: string; id: string } | null,
  limit: number,
): Promise<GuestChangeRow[]> =>
  db.query(
    `SELECT id, merged_into AS "mergedInto", erased_at IS NOT NULL AS erased, changed_at AS "changedAt",
            to_char(changed_at AT TIME ZONE 'UTC', ${MICROS}) AS "changedKey"
       FROM guests.guest
      WHERE ($1::timestamptz IS NULL OR changed_at >= $1::timestamptz)
        AND ($2::timestamptz IS NULL OR (changed_at, id) > ($2::timestamptz, $3::uuid))
      ORDER BY changed_at, id LIMIT $4`,
    [since, after?.changedKey ?? null, after?.id ?? null, limit],
  );

export type ArrivalRow = { roomKey: string; id: string; stay: StayEntity | null; reservationId: string | null };

/**
 * The day's arrivals list: stays that began on `day`, stays still in house that began before it, and
 * reservations still BOOKED for the day (expected, no room yet), ordered by room (unassigned first: the desk has
 * a room to give) then id. Indexes stay_arrival_idx, stay_in_house_idx and reservation_arrival_idx find the
 * three; the house is the hotel's size, so the sort is small. Stays are read with their columns, reservations
 * by id (the resolver's loader reads them).
 */
export const arrivalPage = async (
  db: Db,
  day: string,
  after: { roomKey: string; id: string } | null,
  limit: number,
): Promise<ArrivalRow[]> => {
  const keys: { roomKey: string; id: string; kind: 'STAY' | 'RESERVATION' }[] = await db.query(
    `SELECT * FROM (
       SELECT coalesce(room_number, '') AS "roomKey", id, 'STAY' AS kind FROM guests.stay
        WHERE arrival_date = $1::date OR (status = 'IN_HOUSE' AND arrival_date < $1::date)
       UNION ALL
       SELECT '' AS "roomKey", id, 'RESERVATION' AS kind FROM guests.reservation
        WHERE arrival_date = $1::date AND status = 'BOOKED') a
      WHERE ($2::text IS NULL OR ("roomKey", id) > ($2::text, $3::uuid))
      ORDER BY "roomKey", id LIMIT $4`,
    [day, after?.roomKey ?? null, after?.id ?? null, limit],
  );
  const stayIds = keys.filter((k) => k.kind === 'STAY').map((k) => k.id);
  const stays: StayEntity[] = stayIds.length
    ? await db.query(`SELECT ${STAY_COLUMNS} FROM guests.stay WHERE id = ANY($1::uuid[])`, [stayIds])
    : [];
  const byId = new Map(stays.map((s) => [s.id, s]));
  return keys.map((k) => ({
    roomKey: k.roomKey,
    id: k.id,
    stay: k.kind === 'STAY' ? (byId.get(k.id) ?? null) : null,
    reservationId: k.kind === 'RESERVATION' ? k.id : null,
  }));
};
