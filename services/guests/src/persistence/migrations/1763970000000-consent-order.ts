import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Two answers in the same instant (a correction at the desk) still have an order: the later row wins. */
export class ConsentOrder1763970000000 implements MigrationInterface {
  name = 'ConsentOrder1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE guests.marketing_consent ADD COLUMN seq bigserial');
    await q.query('DROP INDEX guests.marketing_consent_guest_idx');
    await q.query(
      'CREATE INDEX marketing_consent_guest_idx ON guests.marketing_consent (guest_id, channel, recorded_at DESC, seq DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE guests.marketing_consent DROP COLUMN seq');
  }
}
