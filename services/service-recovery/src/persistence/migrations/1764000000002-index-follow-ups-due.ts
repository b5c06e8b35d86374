import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Guest relations' morning list: resolved cases whose follow-up call is due. */
export class IndexFollowUpsDue1764000000002 implements MigrationInterface {
  name = 'IndexFollowUpsDue1764000000002';

  async up(q: QueryRunner) {
    await q.query(`CREATE INDEX case_follow_up_due_idx ON service_recovery.complaint_case (follow_up_due_at)
      WHERE status = 'RESOLVED'`);
  }

  async down(q: QueryRunner) {
    await q.query('DROP INDEX service_recovery.case_follow_up_due_idx');
  }
}
