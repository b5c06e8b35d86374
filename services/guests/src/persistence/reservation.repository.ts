import type { DataSource, EntityManager } from 'typeorm';
import { firstOverlapping, type Overlap } from './overlap.repository.js';

type Db = DataSource | EntityManager;

export type ReservationStatus = 'BOOKED' | 'CANCELLED' | 'NO_SHOW' | 'CHECKED_IN';

/** An expected arrival (预订), as the desk booked it. */
export interface ReservationRow {
  id: string;
  guestId: string;
  originGuestId: string;
  propertyCode: string;
  roomType: string;
  arrivalDate: string;
  departureDate: string;
  nights: number;
  nightlyRate: string;
  purpose: string | null;
  paymentMethod: string | null;
  accountId: string | null;
  notes: string | null;
  status: ReservationStatus;
  stayId: string | null;
  bookedBy: string;
  bookedAt: Date;
  closedBy: string | null;
  closedAt: Date | null;
  cancelReason: string | null;
}

export const RESERVATION_COLUMNS = `id, guest_id AS "guestId", origin_guest_id AS "originGuestId",
  property_code AS "propertyCode", room_type AS "roomType", to_char(arrival_date, 'YYYY-MM-DD') AS "arrivalDate",
  to_char(departure_date, 'YYYY-MM-DD') AS "departureDate", nights, nightly_rate::text AS "nightlyRate", purpose,
  payment_method AS "paymentMethod", account_id AS "accountId", notes, status, stay_id AS "stayId",
  booked_by AS "bookedBy", booked_at AS "bookedAt", closed_by AS "closedBy", closed_at AS "closedAt",
  cancel_reason AS "cancelReason"`;

export async function insertReservation(tx: EntityManager, r: ReservationRow): Promise<void> {
  await tx.query(
    `INSERT INTO guests.reservation (id, guest_id, origin_guest_id, property_code, room_type, arrival_date,
       departure_date, nights, nightly_rate, purpose, payment_method, account_id, notes, status, booked_by, booked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      r.id,
      r.guestId,
      r.originGuestId,
      r.propertyCode,
      r.roomType,
      r.arrivalDate,
      r.departureDate,
      r.nights,
      r.nightlyRate,
      r.purpose,
      r.paymentMethod,
      r.accountId,
      r.notes,
      r.status,
      r.bookedBy,
      r.bookedAt,
    ],
  );
}

export const reservationsByIds = (db: Db, ids: readonly string[]): Promise<ReservationRow[]> =>
  db.query(`SELECT ${RESERVATION_COLUMNS} FROM guests.reservation WHERE id = ANY($1::uuid[])`, [ids]);

/** Reads a reservation under its row lock: a second desk cancelling or checking it in waits, then sees the first. */
export async function lockReservation(tx: EntityManager, id: string): Promise<ReservationRow | null> {
  const [row] = await tx.query(`SELECT ${RESERVATION_COLUMNS} FROM guests.reservation WHERE id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Closes a BOOKED reservation; false when it was no longer BOOKED (someone else closed it first). */
export async function closeReservation(
  tx: EntityManager,
  id: string,
  change: { status: Exclude<ReservationStatus, 'BOOKED'>; by: string; at: Date; stayId?: string; reason?: string },
): Promise<boolean> {
  const done = await tx.query(
    `UPDATE guests.reservation SET status = $2, closed_by = $3, closed_at = $4, stay_id = $5, cancel_reason = $6
      WHERE id = $1 AND status = 'BOOKED'`,
    [id, change.status, change.by, change.at, change.stayId ?? null, change.reason ?? null],
  );
  return done[1] === 1;
}

/** A BOOKED reservation of the guest sharing a night with [from, to) (index reservation_guest_idx). */
export const overlappingReservation = (db: Db, guestId: string, from: string, to: string): Promise<Overlap | null> =>
  firstOverlapping(db, 'reservation', guestId, from, to);

/** Each guest's reservations arriving on or after `from`, earliest first (index reservation_guest_idx). */
export const upcomingReservationsOf = (db: Db, guestIds: readonly string[], from: string): Promise<ReservationRow[]> =>
  db.query(
    `SELECT ${RESERVATION_COLUMNS} FROM guests.reservation
      WHERE guest_id = ANY($1::uuid[]) AND arrival_date >= $2::date
      ORDER BY arrival_date, booked_at, id`,
    [guestIds, from],
  );

/**
 * A page of the reservations arriving in [from, to], earliest arrival first then by id, of one status or all
 * (`limit` is the page size + 1); index reservation_arrival_order_idx.
 */
export const reservationsArrivingPage = (
  db: Db,
  range: { from: string; to: string; status: ReservationStatus | null },
  after: { arrivalDate: string; id: string } | null,
  limit: number,
): Promise<ReservationRow[]> =>
  db.query(
    `SELECT ${RESERVATION_COLUMNS} FROM guests.reservation
      WHERE arrival_date BETWEEN $1::date AND $2::date
        AND ($3::text IS NULL OR status = $3)
        AND ($4::date IS NULL OR (arrival_date, id) > ($4::date, $5::uuid))
      ORDER BY arrival_date, id LIMIT $6`,
    [range.from, range.to, range.status, after?.arrivalDate ?? null, after?.id ?? null, limit],
  );

/** One row of a day's preparation list: a current preference of a guest expected that day, and its mark. */
export interface PreparationRow {
  reservationId: string;
  preferenceId: string;
  guestId: string;
  roomType: string;
  roomNumber: string | null;
  arrivalDate: string;
  category: string;
  value: string;
  note: string | null;
  doneBy: string | null;
  doneByName: string | null;
  doneAt: Date | null;
}

const PREPARATION_SELECT = `SELECT r.id AS "reservationId", p.id AS "preferenceId", r.guest_id AS "guestId",
         r.room_type AS "roomType", s.room_number AS "roomNumber",
         to_char(r.arrival_date, 'YYYY-MM-DD') AS "arrivalDate", p.category, p.value, p.note,
         d.done_by AS "doneBy", d.done_by_name AS "doneByName", d.done_at AS "doneAt"
    FROM guests.reservation r
    JOIN guests.preference p ON p.guest_id = r.guest_id AND p.superseded_at IS NULL
    LEFT JOIN guests.stay s ON s.id = r.stay_id
    LEFT JOIN guests.preparation_done d ON d.reservation_id = r.id AND d.preference_id = p.id`;

/**
 * The preparation list of `day` in one statement: reservations arriving that day, booked or already checked in
 * (their marks stay visible), joined with their guests' current preferences in the given categories. Index
 * reservation_arrival_idx finds the day, the preference's guest index the rest.
 */
export const preparationRows = (db: Db, day: string, categories: readonly string[]): Promise<PreparationRow[]> =>
  db.query(
    `${PREPARATION_SELECT}
      WHERE r.arrival_date = $1::date AND r.status IN ('BOOKED', 'CHECKED_IN') AND p.category = ANY($2::text[])
      ORDER BY coalesce(s.room_number, ''), r.arrival_date, r.id, p.category, p.id`,
    [day, categories],
  );

/** Each reservation's items, whatever its day, in one statement (the reservations of a page at once). */
export const preparationOf = (
  db: Db,
  reservationIds: readonly string[],
  categories: readonly string[],
): Promise<PreparationRow[]> =>
  db.query(
    `${PREPARATION_SELECT}
      WHERE r.id = ANY($1::uuid[]) AND p.category = ANY($2::text[])
      ORDER BY r.id, p.category, p.id`,
    [reservationIds, categories],
  );

/** One item of a reservation's list, whatever its day. */
export async function preparationRow(
  db: Db,
  reservationId: string,
  preferenceId: string,
): Promise<(PreparationRow & { status: ReservationStatus; current: boolean }) | null> {
  const [row] = await db.query(
    `SELECT r.id AS "reservationId", p.id AS "preferenceId", r.guest_id AS "guestId",
            r.room_type AS "roomType", s.room_number AS "roomNumber",
            to_char(r.arrival_date, 'YYYY-MM-DD') AS "arrivalDate", p.category, p.value, p.note,
            d.done_by AS "doneBy", d.done_by_name AS "doneByName", d.done_at AS "doneAt",
            r.status, p.superseded_at IS NULL AS current
       FROM guests.reservation r
       JOIN guests.preference p ON p.guest_id = r.guest_id AND p.id = $2
       LEFT JOIN guests.stay s ON s.id = r.stay_id
       LEFT JOIN guests.preparation_done d ON d.reservation_id = r.id AND d.preference_id = p.id
      WHERE r.id = $1`,
    [reservationId, preferenceId],
  );
  return row ?? null;
}

/** Marks an item done; a second mark keeps the first (who did it, when). */
export async function markPrepared(
  db: Db,
  mark: {
    reservationId: string;
    preferenceId: string;
    category: string;
    value: string;
    by: string;
    byName: string;
    at: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO guests.preparation_done (reservation_id, preference_id, category, value, done_by, done_by_name, done_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [mark.reservationId, mark.preferenceId, mark.category, mark.value, mark.by, mark.byName, mark.at],
  );
}
