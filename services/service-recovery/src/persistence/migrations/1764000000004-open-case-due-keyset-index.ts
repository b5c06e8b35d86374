import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A guest's open cases page by (due_at, id), soonest due first: a partial index over the cases still being
 * worked serves the order and the keyset bound, and stays small as resolved cases pile up.
 */
export class OpenCaseDueKeysetIndex1764000000004 implements MigrationInterface {
  name = 'OpenCaseDueKeysetIndex1764000000004';

  async up(q: QueryRunner) {
    await q.query(
      `CREATE INDEX case_guest_open_due_keyset_idx ON service_recovery.complaint_case (guest_id, due_at, id)
        WHERE status IN ('OPEN', 'IN_PROGRESS')`,
    );
  }

  async down(q: QueryRunner) {
    await q.query('DROP INDEX service_recovery.case_guest_open_due_keyset_idx');
  }
}
