import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event attendees follow guest merges (issue 23, conference events): the duplicate's attendance moves to the
 * survivor and an unmerge gives it back. `origin_guest_id` is the guest an attendance was first written for (its
 * timeline line's subject and key, whatever merges did since); the merge tables remember what each merge moved,
 * so an unmerge undoes only that.
 */
export class AttendeeMerges1764980000000 implements MigrationInterface {
  name = 'AttendeeMerges1764980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE accounts.hotel_event_attendee ADD COLUMN origin_guest_id uuid NULL');
    // One row per guests-service merge, seen by the attendee consumers: merged_at null is an unmerge that came
    // first (the two events travel on separate consumers), so the late merge moves nothing.
    await q.query(`
      CREATE TABLE accounts.attendee_merge (
        merge_id uuid PRIMARY KEY,
        survivor_id uuid NOT NULL,
        duplicate_id uuid NOT NULL,
        merged_at timestamptz NULL,
        unmerged_at timestamptz NULL
      )`);
    // The duplicate's attendances a merge took: moved to the survivor, or (joined) folded into the survivor's own
    // attendance of the same event, with what the survivor's row said before.
    await q.query(`
      CREATE TABLE accounts.attendee_merge_move (
        merge_id uuid NOT NULL REFERENCES accounts.attendee_merge (merge_id),
        event_id uuid NOT NULL,
        joined boolean NOT NULL,
        vip boolean NOT NULL,
        role text NULL,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL,
        origin_guest_id uuid NULL,
        survivor_vip boolean NULL,
        survivor_role text NULL,
        PRIMARY KEY (merge_id, event_id)
      )`);
    // The events whose planner a merge re-pointed.
    await q.query(`
      CREATE TABLE accounts.attendee_merge_planner (
        merge_id uuid NOT NULL REFERENCES accounts.attendee_merge (merge_id),
        event_id uuid NOT NULL,
        PRIMARY KEY (merge_id, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE accounts.attendee_merge_planner');
    await q.query('DROP TABLE accounts.attendee_merge_move');
    await q.query('DROP TABLE accounts.attendee_merge');
    await q.query('ALTER TABLE accounts.hotel_event_attendee DROP COLUMN origin_guest_id');
  }
}
