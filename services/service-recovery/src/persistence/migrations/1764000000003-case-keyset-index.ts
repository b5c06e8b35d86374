import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The work queue and a guest's case history page by (opened_at, id), newest first: an index each serves the
 * order and the keyset bound.
 */
export class CaseKeysetIndex1764000000003 implements MigrationInterface {
  name = 'CaseKeysetIndex1764000000003';

  async up(q: QueryRunner) {
    await q.query('CREATE INDEX case_opened_keyset_idx ON service_recovery.complaint_case (opened_at DESC, id DESC)');
    await q.query(
      'CREATE INDEX case_guest_keyset_idx ON service_recovery.complaint_case (guest_id, opened_at DESC, id DESC)',
    );
  }

  async down(q: QueryRunner) {
    await q.query('DROP INDEX service_recovery.case_guest_keyset_idx');
    await q.query('DROP INDEX service_recovery.case_opened_keyset_idx');
  }
}
