import type { EntityManager } from 'typeorm';
import type { EventLayout, EventNoteAudience, EventNoteTopic, EventStatus } from '../domain/hotel-event.js';
import type { Db } from './account.repository.js';

// Hotel events, their attendees and service notes: every statement set-wise, every list keyed by an index.

export interface HotelEventRow {
  id: string;
  accountId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  functionRooms: string[];
  layout: EventLayout;
  headcount: number;
  status: EventStatus;
  revenue: string | null;
  plannerName: string | null;
  plannerPhone: string | null;
  plannerGuestId: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}
const EVENT_COLUMNS = `e.id, e.account_id AS "accountId", e.name, to_char(e.starts_on, 'YYYY-MM-DD') AS "startsOn",
  to_char(e.ends_on, 'YYYY-MM-DD') AS "endsOn", e.function_rooms AS "functionRooms", e.layout, e.headcount, e.status,
  e.revenue::text AS revenue, e.planner_name AS "plannerName", e.planner_phone AS "plannerPhone",
  e.planner_guest_id AS "plannerGuestId", e.created_by AS "createdBy", e.created_at AS "createdAt",
  e.updated_at AS "updatedAt"`;

export async function insertEvent(db: Db, e: HotelEventRow): Promise<void> {
  await db.query(
    `INSERT INTO accounts.hotel_event (id, account_id, name, starts_on, ends_on, function_rooms, layout, headcount,
       status, revenue, planner_name, planner_phone, planner_guest_id, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
    [
      e.id,
      e.accountId,
      e.name,
      e.startsOn,
      e.endsOn,
      e.functionRooms,
      e.layout,
      e.headcount,
      e.status,
      e.revenue,
      e.plannerName,
      e.plannerPhone,
      e.plannerGuestId,
      e.createdBy,
      e.createdAt,
    ],
  );
}

export const eventsByIds = (db: Db, ids: readonly string[]): Promise<HotelEventRow[]> =>
  db.query(`SELECT ${EVENT_COLUMNS} FROM accounts.hotel_event e WHERE e.id = ANY($1::uuid[])`, [ids]);

/** The event locked for a change, so two edits of one event (or an edit and a new note) queue. */
export async function lockedEvent(db: Db, id: string): Promise<HotelEventRow | null> {
  const rows: HotelEventRow[] = await db.query(
    `SELECT ${EVENT_COLUMNS} FROM accounts.hotel_event e WHERE e.id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

/** Writes the whole (already merged) row back. */
export async function saveEvent(db: Db, e: HotelEventRow): Promise<void> {
  await db.query(
    `UPDATE accounts.hotel_event SET name = $2, starts_on = $3, ends_on = $4, function_rooms = $5, layout = $6,
       headcount = $7, status = $8, revenue = $9, planner_name = $10, planner_phone = $11, planner_guest_id = $12,
       updated_at = $13
     WHERE id = $1`,
    [
      e.id,
      e.name,
      e.startsOn,
      e.endsOn,
      e.functionRooms,
      e.layout,
      e.headcount,
      e.status,
      e.revenue,
      e.plannerName,
      e.plannerPhone,
      e.plannerGuestId,
      e.updatedAt,
    ],
  );
}

export interface EventKey {
  startsOn: string;
  id: string;
}

/** A page of one account's events, latest first (`first + 1` rows); index hotel_event_account_idx. */
export const eventsOfAccountPage = (
  db: Db,
  accountId: string,
  after: EventKey | null,
  limit: number,
): Promise<HotelEventRow[]> =>
  db.query(
    `SELECT ${EVENT_COLUMNS} FROM accounts.hotel_event e
      WHERE e.account_id = $1
        AND ($2::date IS NULL OR (e.starts_on, e.id) < ($2::date, $3::uuid))
      ORDER BY e.starts_on DESC, e.id DESC LIMIT $4`,
    [accountId, after?.startsOn ?? null, after?.id ?? null, limit],
  );

/** The latest `limit` events of each account, in one statement. */
export const latestEventsOfAccounts = (
  db: Db,
  accountIds: readonly string[],
  limit: number,
): Promise<HotelEventRow[]> =>
  db.query(
    `SELECT e.* FROM unnest($1::uuid[]) AS a(id)
       CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM accounts.hotel_event e WHERE e.account_id = a.id
                            ORDER BY e.starts_on DESC, e.id DESC LIMIT $2) e`,
    [accountIds, limit],
  );

/** Events starting in [from, to], earliest first, cancelled ones left out unless asked; index hotel_event_starts_idx. */
export const eventsStartingPage = (
  db: Db,
  range: { from: string; to: string; status: EventStatus | null },
  after: EventKey | null,
  limit: number,
): Promise<HotelEventRow[]> =>
  db.query(
    `SELECT ${EVENT_COLUMNS} FROM accounts.hotel_event e
      WHERE e.starts_on BETWEEN $1::date AND $2::date
        AND (CASE WHEN $3::text IS NULL THEN e.status <> 'CANCELLED' ELSE e.status = $3 END)
        AND ($4::date IS NULL OR (e.starts_on, e.id) > ($4::date, $5::uuid))
      ORDER BY e.starts_on, e.id LIMIT $6`,
    [range.from, range.to, range.status, after?.startsOn ?? null, after?.id ?? null, limit],
  );

/**
 * The events each guest attended or planned, latest first (at most `limit` each), in one statement; a guest's
 * events include those of the duplicates merged into them (until an unmerge gives them back).
 */
export const eventsOfGuests = (
  db: Db,
  guestIds: readonly string[],
  limit: number,
): Promise<(HotelEventRow & { guestId: string })[]> =>
  db.query(
    `SELECT g.id AS "guestId", e.* FROM unnest($1::uuid[]) AS g(id)
       CROSS JOIN LATERAL (
         SELECT ${EVENT_COLUMNS} FROM accounts.hotel_event e
          WHERE e.id IN (SELECT event_id FROM accounts.hotel_event_attendee
                          WHERE guest_id = g.id
                             OR guest_id IN (SELECT m.duplicate_id FROM accounts.guest_merge m
                                              WHERE m.survivor_id = g.id AND m.unmerged_at IS NULL))
             OR e.planner_guest_id = g.id
          ORDER BY e.starts_on DESC, e.id DESC LIMIT $2) e`,
    [guestIds, limit],
  );

export interface AttendeeRow {
  eventId: string;
  guestId: string;
  vip: boolean;
  role: string | null;
  addedBy: string;
  addedAt: Date;
}
const ATTENDEE_COLUMNS = `event_id AS "eventId", guest_id AS "guestId", vip, role, added_by AS "addedBy",
  added_at AS "addedAt"`;

/**
 * Adds attendees, or changes the VIP flag and role of those already there, in one statement. Returns the rows as
 * they now are and, per guest, whether they are new or became a VIP (which notes now reach them).
 */
export const upsertAttendees = (
  db: Db,
  eventId: string,
  attendees: readonly { guestId: string; vip: boolean; role: string | null }[],
  by: string,
  at: Date,
): Promise<(AttendeeRow & { fresh: boolean; promoted: boolean })[]> =>
  db.query(
    `WITH before AS (
       SELECT guest_id, vip FROM accounts.hotel_event_attendee WHERE event_id = $1 AND guest_id = ANY($2::uuid[])
     )
     INSERT INTO accounts.hotel_event_attendee AS a (event_id, guest_id, vip, role, added_by, added_at)
     SELECT $1, t.g, t.v, t.r, $5, $6 FROM unnest($2::uuid[], $3::boolean[], $4::text[]) AS t(g, v, r)
     ON CONFLICT (event_id, guest_id) DO UPDATE SET vip = EXCLUDED.vip, role = coalesce(EXCLUDED.role, a.role)
     RETURNING ${ATTENDEE_COLUMNS},
       NOT EXISTS (SELECT 1 FROM before b WHERE b.guest_id = a.guest_id) AS fresh,
       EXISTS (SELECT 1 FROM before b WHERE b.guest_id = a.guest_id AND NOT b.vip AND a.vip) AS promoted`,
    [eventId, attendees.map((a) => a.guestId), attendees.map((a) => a.vip), attendees.map((a) => a.role), by, at],
  );

export async function deleteAttendee(db: Db, eventId: string, guestId: string): Promise<boolean> {
  const rows = await db.query(
    'DELETE FROM accounts.hotel_event_attendee WHERE event_id = $1 AND guest_id = $2 RETURNING guest_id',
    [eventId, guestId],
  );
  return rows.length > 0;
}

export const attendeesOfEvents = (db: Db, eventIds: readonly string[]): Promise<AttendeeRow[]> =>
  db.query(
    `SELECT ${ATTENDEE_COLUMNS} FROM accounts.hotel_event_attendee WHERE event_id = ANY($1::uuid[])
      ORDER BY vip DESC, added_at, guest_id`,
    [eventIds],
  );

export interface EventNoteRow {
  id: string;
  eventId: string;
  topic: EventNoteTopic;
  audience: EventNoteAudience;
  text: string;
  recordedBy: string;
  recordedAt: Date;
}
const NOTE_COLUMNS = `n.id, n.event_id AS "eventId", n.topic, n.audience, n.text, n.recorded_by AS "recordedBy",
  n.recorded_at AS "recordedAt"`;

export async function insertNote(db: Db, n: EventNoteRow): Promise<void> {
  await db.query(
    `INSERT INTO accounts.hotel_event_note (id, event_id, topic, audience, text, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [n.id, n.eventId, n.topic, n.audience, n.text, n.recordedBy, n.recordedAt],
  );
}

export const notesOfEvents = (db: Db, eventIds: readonly string[]): Promise<EventNoteRow[]> =>
  db.query(
    `SELECT ${NOTE_COLUMNS} FROM accounts.hotel_event_note n WHERE n.event_id = ANY($1::uuid[])
      ORDER BY n.recorded_at, n.id`,
    [eventIds],
  );

/**
 * "What we learned last time": for each event, the notes of its organiser's earlier events (started before it,
 * not cancelled), latest event first, at most `limit` each, in one statement.
 */
export const earlierNotesOfEvents = (
  db: Db,
  eventIds: readonly string[],
  limit: number,
): Promise<(EventNoteRow & { forEventId: string })[]> =>
  db.query(
    `SELECT x.id AS "forEventId", n.* FROM accounts.hotel_event x
       CROSS JOIN LATERAL (
         SELECT ${NOTE_COLUMNS} FROM accounts.hotel_event p
           JOIN accounts.hotel_event_note n ON n.event_id = p.id
          WHERE p.account_id = x.account_id AND p.id <> x.id AND p.status <> 'CANCELLED'
            AND (p.starts_on, p.id) < (x.starts_on, x.id)
          ORDER BY p.starts_on DESC, p.id DESC, n.recorded_at, n.id LIMIT $2) n
      WHERE x.id = ANY($1::uuid[])`,
    [eventIds, limit],
  );

/** Who attends an event as its timeline lines name them: the guest each attendance was first written for. */
export const attendeeOriginsOf = (db: Db, eventId: string): Promise<{ guestId: string; vip: boolean }[]> =>
  db.query(
    `SELECT coalesce(origin_guest_id, guest_id) AS "guestId", vip FROM accounts.hotel_event_attendee
      WHERE event_id = $1 ORDER BY guest_id`,
    [eventId],
  );

export interface AttendeeMerge {
  mergeId: string;
  survivorId: string;
  duplicateId: string;
}

/**
 * A guest merge: the duplicate's attendances become the survivor's. Where the survivor attends the same event
 * already, the duplicate's row folds into it (VIP if either was, the survivor's role unless it had none), so no
 * event lists the guest twice; the same for the events the duplicate planned. What moved is remembered for the
 * unmerge. Returns false when this merge was seen before (or its unmerge came first): nothing is done twice.
 */
export async function moveAttendeesOnMerge(tx: EntityManager, m: AttendeeMerge, at: Date): Promise<boolean> {
  const fresh = await tx.query(
    `INSERT INTO accounts.attendee_merge (merge_id, survivor_id, duplicate_id, merged_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (merge_id) DO NOTHING RETURNING merge_id`,
    [m.mergeId, m.survivorId, m.duplicateId, at],
  );
  if (!fresh.length) return false;
  const params = [m.mergeId, m.survivorId, m.duplicateId];
  await tx.query(
    `INSERT INTO accounts.attendee_merge_move (merge_id, event_id, joined, vip, role, added_by, added_at,
       origin_guest_id, survivor_vip, survivor_role)
     SELECT $1, d.event_id, s.guest_id IS NOT NULL, d.vip, d.role, d.added_by, d.added_at, d.origin_guest_id,
            s.vip, s.role
       FROM accounts.hotel_event_attendee d
       LEFT JOIN accounts.hotel_event_attendee s ON s.event_id = d.event_id AND s.guest_id = $2
      WHERE d.guest_id = $3`,
    params,
  );
  await tx.query(
    `UPDATE accounts.hotel_event_attendee s SET vip = s.vip OR m.vip, role = coalesce(s.role, m.role)
       FROM accounts.attendee_merge_move m
      WHERE m.merge_id = $1 AND m.joined AND s.event_id = m.event_id AND s.guest_id = $2`,
    [m.mergeId, m.survivorId],
  );
  await tx.query(
    `DELETE FROM accounts.hotel_event_attendee d USING accounts.attendee_merge_move m
      WHERE m.merge_id = $1 AND m.joined AND d.event_id = m.event_id AND d.guest_id = $2`,
    [m.mergeId, m.duplicateId],
  );
  await tx.query(
    `UPDATE accounts.hotel_event_attendee d SET guest_id = $2, origin_guest_id = coalesce(d.origin_guest_id, $3)
       FROM accounts.attendee_merge_move m
      WHERE m.merge_id = $1 AND NOT m.joined AND d.event_id = m.event_id AND d.guest_id = $3`,
    params,
  );
  await tx.query(
    `WITH moved AS (
       UPDATE accounts.hotel_event SET planner_guest_id = $2 WHERE planner_guest_id = $3 RETURNING id
     )
     INSERT INTO accounts.attendee_merge_planner (merge_id, event_id) SELECT $1, id FROM moved`,
    params,
  );
  return true;
}

/**
 * An unmerge: the duplicate gets back what this merge moved (attendances and planned events still the survivor's),
 * its folded attendances come back as they were, and a survivor's row the merge raised returns to what it said,
 * unless staff changed it since. An unmerge seen before the merge is remembered, so the late merge moves nothing.
 */
export async function restoreAttendeesOnUnmerge(tx: EntityManager, m: AttendeeMerge, at: Date): Promise<void> {
  const [row]: { mergedAt: Date | null; unmergedAt: Date | null }[] = await tx.query(
    `INSERT INTO accounts.attendee_merge (merge_id, survivor_id, duplicate_id, unmerged_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (merge_id) DO UPDATE SET merge_id = EXCLUDED.merge_id
     RETURNING merged_at AS "mergedAt", unmerged_at AS "unmergedAt"`,
    [m.mergeId, m.survivorId, m.duplicateId, at],
  );
  // Just written as a tombstone (merged_at null), or undone already.
  if (!row?.mergedAt || row.unmergedAt) return;
  await tx.query('UPDATE accounts.attendee_merge SET unmerged_at = $2 WHERE merge_id = $1', [m.mergeId, at]);
  const params = [m.mergeId, m.survivorId, m.duplicateId];
  await tx.query(
    `UPDATE accounts.hotel_event_attendee a SET guest_id = $3, origin_guest_id = m.origin_guest_id
       FROM accounts.attendee_merge_move m
      WHERE m.merge_id = $1 AND NOT m.joined AND a.event_id = m.event_id AND a.guest_id = $2
        AND NOT EXISTS (SELECT 1 FROM accounts.hotel_event_attendee x WHERE x.event_id = m.event_id AND x.guest_id = $3)`,
    params,
  );
  await tx.query(
    `UPDATE accounts.hotel_event_attendee s SET vip = m.survivor_vip, role = m.survivor_role
       FROM accounts.attendee_merge_move m
      WHERE m.merge_id = $1 AND m.joined AND s.event_id = m.event_id AND s.guest_id = $2
        AND s.vip = (m.survivor_vip OR m.vip) AND s.role IS NOT DISTINCT FROM coalesce(m.survivor_role, m.role)`,
    [m.mergeId, m.survivorId],
  );
  await tx.query(
    `INSERT INTO accounts.hotel_event_attendee (event_id, guest_id, vip, role, added_by, added_at, origin_guest_id)
     SELECT m.event_id, $2, m.vip, m.role, m.added_by, m.added_at, m.origin_guest_id
       FROM accounts.attendee_merge_move m WHERE m.merge_id = $1 AND m.joined
     ON CONFLICT (event_id, guest_id) DO NOTHING`,
    [m.mergeId, m.duplicateId],
  );
  await tx.query(
    `UPDATE accounts.hotel_event e SET planner_guest_id = $3
       FROM accounts.attendee_merge_planner p
      WHERE p.merge_id = $1 AND e.id = p.event_id AND e.planner_guest_id = $2`,
    params,
  );
}
