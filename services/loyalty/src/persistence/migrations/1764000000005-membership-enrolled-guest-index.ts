import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding a guest's membership also looks at the guest it was enrolled for (a merged-away profile's stays
 * still earn): without an index on that column every check-out's lookup scanned all memberships, which at
 * 400,000 members made points lag minutes behind a busy check-out hour. Expand only.
 */
export class MembershipEnrolledGuestIndex1764000000005 implements MigrationInterface {
  name = 'MembershipEnrolledGuestIndex1764000000005';

  async up(q: QueryRunner) {
    await q.query(`CREATE INDEX IF NOT EXISTS membership_enrolled_guest_idx ON loyalty.membership (enrolled_guest_id)`);
  }

  async down(q: QueryRunner) {
    await q.query(`DROP INDEX IF EXISTS loyalty.membership_enrolled_guest_idx`);
  }
}
