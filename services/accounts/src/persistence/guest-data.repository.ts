import type { EntityManager } from 'typeorm';

/**
 * What accounts keeps about a guest: the link to the account they travel for, their stays' production, and the
 * hotel events they attended or planned.
 */
export async function guestRecords(tx: EntityManager, ids: string[]): Promise<Record<string, unknown>> {
  return {
    accountLinks: await tx.query(
      `SELECT l.guest_id, l.account_id, a.name AS account_name, l.linked_at, l.linked_by
         FROM accounts.guest_link l JOIN accounts.account a ON a.id = l.account_id WHERE l.guest_id = ANY($1::uuid[])`,
      [ids],
    ),
    production: await tx.query(
      'SELECT * FROM accounts.stay_production WHERE guest_id = ANY($1::uuid[]) ORDER BY production_date',
      [ids],
    ),
    merges: await tx.query(
      'SELECT * FROM accounts.guest_merge WHERE survivor_id = ANY($1::uuid[]) OR duplicate_id = ANY($1::uuid[])',
      [ids],
    ),
    hotelEvents: await tx.query(
      `SELECT e.id AS event_id, e.name, e.starts_on, e.ends_on, a.guest_id, a.vip, a.role, a.added_at,
              (e.planner_guest_id = a.guest_id) AS planner
         FROM accounts.hotel_event_attendee a JOIN accounts.hotel_event e ON e.id = a.event_id
        WHERE a.guest_id = ANY($1::uuid[])
       UNION ALL
       SELECT e.id, e.name, e.starts_on, e.ends_on, e.planner_guest_id, false, 'planner', e.created_at, true
         FROM accounts.hotel_event e
        WHERE e.planner_guest_id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM accounts.hotel_event_attendee x
                           WHERE x.event_id = e.id AND x.guest_id = e.planner_guest_id)
        ORDER BY starts_on`,
      [ids],
    ),
    // What a guest merge took from a duplicate's attendances, kept for the unmerge.
    attendeeMerges: await tx.query(
      `SELECT m.merge_id, m.survivor_id, m.duplicate_id, m.merged_at, m.unmerged_at, v.event_id, v.joined, v.vip,
              v.role, v.added_at
         FROM accounts.attendee_merge m LEFT JOIN accounts.attendee_merge_move v ON v.merge_id = m.merge_id
        WHERE m.survivor_id = ANY($1::uuid[]) OR m.duplicate_id = ANY($1::uuid[])
        ORDER BY m.merged_at, v.event_id`,
      [ids],
    ),
  };
}

/**
 * The guest no longer travels for anyone here, nor attends or plans an event. Production rows stay: they are the account's figures (stays,
 * room nights, revenue), keyed by an id that names no one once guests has erased the profile.
 */
export async function eraseGuestRecords(tx: EntityManager, ids: string[]): Promise<void> {
  await tx.query('DELETE FROM accounts.guest_link WHERE guest_id = ANY($1::uuid[])', [ids]);
  // The event keeps its headcount and revenue; who attended or planned it goes (the planner's name and phone with it).
  await tx.query('DELETE FROM accounts.hotel_event_attendee WHERE guest_id = ANY($1::uuid[])', [ids]);
  await tx.query(
    `UPDATE accounts.hotel_event SET planner_guest_id = NULL, planner_name = NULL, planner_phone = NULL
      WHERE planner_guest_id = ANY($1::uuid[])`,
    [ids],
  );
  await tx.query(
    'DELETE FROM accounts.guest_merge WHERE survivor_id = ANY($1::uuid[]) OR duplicate_id = ANY($1::uuid[])',
    [ids],
  );
  // An unmerge after the erasure must not bring an attendance back: what merges moved goes too.
  const merges = `SELECT merge_id FROM accounts.attendee_merge
                   WHERE survivor_id = ANY($1::uuid[]) OR duplicate_id = ANY($1::uuid[])`;
  await tx.query(`DELETE FROM accounts.attendee_merge_move WHERE merge_id IN (${merges})`, [ids]);
  await tx.query(`DELETE FROM accounts.attendee_merge_planner WHERE merge_id IN (${merges})`, [ids]);
  await tx.query(
    'DELETE FROM accounts.attendee_merge WHERE survivor_id = ANY($1::uuid[]) OR duplicate_id = ANY($1::uuid[])',
    [ids],
  );
}
