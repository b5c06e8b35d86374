import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The guest's loyalty tier as loyalty last announced it, so the complaint analysis can weigh guest value. */
export class AddGuestValueTier1764000000001 implements MigrationInterface {
  name = 'AddGuestValueTier1764000000001';

  async up(q: QueryRunner) {
    await q.query(`
      CREATE TABLE service_recovery.guest_tier (
        guest_id uuid PRIMARY KEY,
        tier text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner) {
    await q.query('DROP TABLE service_recovery.guest_tier');
  }
}
