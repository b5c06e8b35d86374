import { type TimelineLine, timelineStore } from '@guest-graph/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/**
 * The guests' timelines: a guest's page shows the lines of every profile merged into it (at any depth), so
 * a merged guest's lines stay under the duplicate's id and an unmerge has nothing to move back.
 */
export const guestTimelines = timelineStore({
  subject: 'GUEST',
  schema: 'guests',
  subjectColumn: 'guest_id',
  mergedProfiles: 'guests.guest',
});

// A reservation's lines in SQL, word for word as `domain/timeline.ts` says them on the live path.
const RESERVED_WORDS = `'Reservation made: ' || to_char(arrival_date, 'YYYY-MM-DD') || ', ' || nights || ' night(s), '
  || room_type`;
const CLOSED_WORDS = `'Reservation for ' || to_char(arrival_date, 'YYYY-MM-DD')
  || CASE WHEN status = 'NO_SHOW' THEN ': no-show' ELSE ' cancelled' END`;

/**
 * The guests service's own history as lines, by key after `after`: registrations, stays, preferences,
 * observations, consent answers, merges and reservations (made; cancelled or no-show), as the live path files
 * them (same keys, same words). A reservation's lines name the guest it was booked for (`origin_guest_id`), as
 * a stay's do: a merge moves the reservation, and the survivor's timeline reads the duplicate's lines anyway.
 */
export const ownHistory = (db: Db, after: string | null, limit: number): Promise<TimelineLine[]> =>
  db.query(
    `SELECT * FROM (
       SELECT id AS "subjectId", 'guests:registered:' || id AS key, 'GUEST_REGISTERED' AS kind, 'guests' AS service,
              registered_at AS at, 'Guest profile registered' AS summary
         FROM guests.guest
       UNION ALL
       SELECT origin_guest_id, 'guests:checked-in:' || id, 'STAY_CHECKED_IN', 'guests', checked_in_at,
              'Checked in, ' || nights || ' night(s), ' || room_type
         FROM guests.stay
       UNION ALL
       SELECT origin_guest_id, 'guests:checked-out:' || id, 'STAY_CHECKED_OUT', 'guests', checked_out_at,
              'Checked out, ' || nights || ' night(s), spend ' || total_spend
         FROM guests.stay WHERE checked_out_at IS NOT NULL
       UNION ALL
       SELECT origin_guest_id, 'guests:preference:' || id, 'PREFERENCE_RECORDED', 'guests', recorded_at,
              'Preference recorded: ' || lower(replace(category, '_', ' '))
         FROM guests.preference
       UNION ALL
       SELECT origin_guest_id, 'guests:observation:' || id, 'OBSERVATION_RECORDED', 'guests', observed_at,
              'Observation recorded: ' || lower(replace(category, '_', ' '))
         FROM guests.observation
       UNION ALL
       SELECT guest_id,
              'guests:consent:' || guest_id || ':' || channel || ':'
                || to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'CONSENT_RECORDED', 'guests', recorded_at,
              'Marketing consent ' || CASE WHEN granted THEN 'given' ELSE 'withdrawn' END || ' (' || lower(channel) || ')'
         FROM guests.consent WHERE purpose = 'MARKETING' AND channel IS NOT NULL AND source <> 'REGISTRATION'
       UNION ALL
       SELECT survivor_id, 'guests:merged:' || id, 'GUESTS_MERGED', 'guests', merged_at,
              'Duplicate profile merged into this one'
         FROM guests.guest_merge
       UNION ALL
       SELECT origin_guest_id, 'guests:reserved:' || id, 'RESERVATION_MADE', 'guests', booked_at, ${RESERVED_WORDS}
         FROM guests.reservation
       UNION ALL
       SELECT origin_guest_id, 'guests:reservation-closed:' || id, 'RESERVATION_CANCELLED', 'guests', closed_at,
              ${CLOSED_WORDS}
         FROM guests.reservation WHERE status IN ('CANCELLED', 'NO_SHOW')
     ) h WHERE $1::text IS NULL OR key > $1 ORDER BY key LIMIT $2`,
    [after, limit],
  );

/**
 * Stays and reservations carried by an account, as lines on the account's timeline (`subjectId` is the
 * account).
 */
export const accountStayHistory = (db: Db, after: string | null, limit: number): Promise<TimelineLine[]> =>
  db.query(
    `SELECT * FROM (
       SELECT account_id AS "subjectId", 'guests:account-checked-in:' || id AS key, 'STAY_CHECKED_IN' AS kind,
              'guests' AS service, checked_in_at AS at,
              'Guest checked in, ' || nights || ' night(s), ' || room_type AS summary
         FROM guests.stay WHERE account_id IS NOT NULL
       UNION ALL
       SELECT account_id, 'guests:account-checked-out:' || id, 'STAY_CHECKED_OUT', 'guests', checked_out_at,
              'Guest checked out, ' || nights || ' night(s), spend ' || total_spend
         FROM guests.stay WHERE account_id IS NOT NULL AND checked_out_at IS NOT NULL
       UNION ALL
       SELECT account_id, 'guests:account-reserved:' || id, 'RESERVATION_MADE', 'guests', booked_at, ${RESERVED_WORDS}
         FROM guests.reservation WHERE account_id IS NOT NULL
       UNION ALL
       SELECT account_id, 'guests:account-reservation-closed:' || id, 'RESERVATION_CANCELLED', 'guests', closed_at,
              ${CLOSED_WORDS}
         FROM guests.reservation WHERE account_id IS NOT NULL AND status IN ('CANCELLED', 'NO_SHOW')
     ) h WHERE $1::text IS NULL OR key > $1 ORDER BY key LIMIT $2`,
    [after, limit],
  );
