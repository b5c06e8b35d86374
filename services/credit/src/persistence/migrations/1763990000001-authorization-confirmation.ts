import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An authorisation is confirmed when its stay's check-in event arrives. One never confirmed was an abandoned
 * check-in (the desk asked, then the check-in failed or was cancelled): the job releases it so its amount
 * does not block the account's headroom for ever. Expand only: a nullable column.
 */
export class AuthorizationConfirmation1763990000001 implements MigrationInterface {
  name = 'AuthorizationConfirmation1763990000001';

  async up(q: QueryRunner) {
    await q.query('ALTER TABLE credit.authorization ADD COLUMN confirmed_at timestamptz');
    // CHECKED_OUT or ABANDONED: a late check-in event revives an abandoned hold, never a checked-out one.
    await q.query('ALTER TABLE credit.authorization ADD COLUMN release_reason text');
    await q.query(
      `CREATE INDEX authorization_unconfirmed_idx ON credit.authorization (authorized_at)
        WHERE status = 'HELD' AND confirmed_at IS NULL`,
    );
  }

  async down(q: QueryRunner) {
    await q.query('DROP INDEX credit.authorization_unconfirmed_idx');
    await q.query('ALTER TABLE credit.authorization DROP COLUMN release_reason');
    await q.query('ALTER TABLE credit.authorization DROP COLUMN confirmed_at');
  }
}
