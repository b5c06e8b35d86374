import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A membership's redemptions page by keyset (created_at, id), newest first: the id breaks ties in the index. */
export class RedemptionKeysetIndex1764000000006 implements MigrationInterface {
  name = 'RedemptionKeysetIndex1764000000006';

  async up(q: QueryRunner) {
    await q.query(
      'CREATE INDEX redemption_membership_keyset_idx ON loyalty.redemption (membership_id, created_at DESC, id DESC)',
    );
  }

  async down(q: QueryRunner) {
    await q.query('DROP INDEX loyalty.redemption_membership_keyset_idx');
  }
}
