import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Follow-ups due are a keyset page in next-step order: an index that serves that order. */
export class FollowUpPage1763950000004 implements MigrationInterface {
  name = 'FollowUpPage1763950000004';

  async up(q: QueryRunner) {
    await q.query(
      `CREATE INDEX sales_activity_next_step_idx ON accounts.sales_activity (next_step_on, occurred_at, id)
        WHERE next_step_on IS NOT NULL`,
    );
  }

  async down(q: QueryRunner) {
    await q.query('DROP INDEX accounts.sales_activity_next_step_idx');
  }
}
