import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opinion forms (宾客意见表, seed 000 §3.1(2)) and in-stay feedback (seed 001): what a guest said, logged by the
 * member of staff who heard it, with the case it opened when it did.
 */
export class GuestFeedback1764523000003 implements MigrationInterface {
  name = 'GuestFeedback1764523000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_recovery.guest_feedback (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL,
        stay_id uuid NULL,
        kind text NOT NULL CHECK (kind IN ('PRAISE','SUGGESTION','COMPLAINT','COMMENT')),
        score integer NULL CHECK (score BETWEEN 1 AND 5),
        category text NULL,
        department text NOT NULL,
        text text NOT NULL,
        in_house boolean NOT NULL,
        case_id uuid NULL REFERENCES service_recovery.complaint_case (id),
        logged_by text NOT NULL,
        logged_at timestamptz NOT NULL
      )`);
    await q.query(
      'CREATE INDEX guest_feedback_guest_idx ON service_recovery.guest_feedback (guest_id, logged_at DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE service_recovery.guest_feedback');
  }
}
