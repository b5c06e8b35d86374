import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A follow-up call belongs to a department until someone in it takes it on. */
export class FollowUpOwner1763990000000 implements MigrationInterface {
  name = 'FollowUpOwner1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE guests.follow_up ADD COLUMN owner text, ADD COLUMN assigned_at timestamptz');
    await q.query("CREATE INDEX follow_up_owner_idx ON guests.follow_up (owner, due_date) WHERE status = 'OPEN'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE guests.follow_up DROP COLUMN owner, DROP COLUMN assigned_at');
  }
}
